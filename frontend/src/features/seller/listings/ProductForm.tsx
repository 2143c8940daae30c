import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { fieldErrors } from "../../../components/FormError";
import {
  flattenCategories,
  PRODUCT_STATUSES,
  sellerKeys,
  useCategories,
  useTags,
  type ProductStatus,
  type SellerProduct,
} from "../api";
import { Field, useFocusOnError, wholeNumber } from "../ui";
import { PriceTiersEditor, tierRows, tiersBody, type TierRow } from "./PriceTiersEditor";

interface Values {
  title: string;
  category: string;
  sku: string;
  description: string;
  price: string;
  unit: string;
  stock: string;
  min_order_quantity: string;
  vat_exempt: boolean;
  price_tiers: TierRow[];
  status: ProductStatus;
  tags: string[];
}

function initialValues(product?: SellerProduct): Values {
  return {
    title: product?.title ?? "",
    category: product ? String(product.category.id) : "",
    sku: product?.sku ?? "",
    description: product?.description ?? "",
    price: product ? String(product.price) : "",
    unit: product?.unit ?? "개",
    stock: product ? String(product.stock ?? 0) : "0",
    min_order_quantity: product ? String(product.min_order_quantity ?? 1) : "1",
    vat_exempt: product?.vat_exempt ?? false,
    price_tiers: tierRows(product),
    status: product?.status ?? "draft",
    tags: product ? [...product.tags] : [],
  };
}

interface Props {
  /** Absent: a new listing. */
  product?: SellerProduct;
  onSaved: (product: SellerProduct) => void;
}

/** A listing's fields; the server checks them and its refusals land on the fields they name. */
export function ProductForm({ product, onSaved }: Props) {
  const { t, i18n } = useTranslation("seller");
  const queryClient = useQueryClient();
  const categories = useCategories();
  const tags = useTags();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(() => initialValues(product));
  const english = i18n.language === "en";

  const save = useMutation({
    mutationFn: () => {
      const body = {
        title: values.title,
        category: values.category,
        sku: values.sku,
        description: values.description,
        price: wholeNumber(values.price),
        unit: values.unit,
        min_order_quantity: wholeNumber(values.min_order_quantity),
        vat_exempt: values.vat_exempt,
        price_tiers: tiersBody(values.price_tiers),
        status: values.status,
        tags: values.tags,
      };
      if (product) {
        // Stock moves through its own action (below the form), so that a sale meanwhile is not overwritten.
        return unwrap(api.PATCH("/api/v1/seller/products/{id}/", { params: { path: { id: String(product.id) } }, body }));
      }
      return unwrap(api.POST("/api/v1/seller/products/", { body: { ...body, stock: wholeNumber(values.stock) } }));
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(sellerKeys.product(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: sellerKeys.products });
      onSaved(saved);
    },
  });
  const errors = fieldErrors(save.error);
  useFocusOnError(form, save.error);
  const set = (name: keyof Values) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [name]: event.target.value }));
  };
  const toggleTag = (slug: string, on: boolean) =>
    setValues((current) => ({
      ...current,
      tags: on ? [...current.tags, slug] : current.tags.filter((tag) => tag !== slug),
    }));

  const setTiers = (rows: TierRow[]) => {
    // The server's row errors name rows by position: once a row goes, they would point at the wrong rows.
    if (rows.length < values.price_tiers.length) save.reset();
    setValues((current) => ({ ...current, price_tiers: rows }));
  };

  const shown = new Set<string>(Object.keys(values).filter((name) => product === undefined || name !== "stock"));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="seller-form" aria-labelledby="product-form-title">
      <h2 id="product-form-title">{product ? t("product.editTitle") : t("product.newTitle")}</h2>
      <Field name="title" label={t("product.title")} error={errors.fields.title}>
        {(control) => <input {...control} value={values.title} onChange={set("title")} maxLength={200} required />}
      </Field>
      <Field name="category" label={t("product.category")} error={errors.fields.category}>
        {(control) => (
          <select {...control} value={values.category} onChange={set("category")} required>
            <option value="">{categories.isPending ? t("loading") : t("product.chooseCategory")}</option>
            {flattenCategories(categories.data ?? []).map(({ node, depth }) => (
              <option key={node.id} value={String(node.id)}>
                {"\u00A0\u00A0".repeat(depth)}
                {english ? node.name_en : node.name_ko}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="seller-form__row">
        <Field name="price" label={t("product.price")} hint={t("product.priceHint")} error={errors.fields.price}>
          {(control) => <input {...control} inputMode="numeric" value={values.price} onChange={set("price")} required />}
        </Field>
        <Field name="unit" label={t("product.unit")} error={errors.fields.unit}>
          {(control) => <input {...control} value={values.unit} onChange={set("unit")} maxLength={20} />}
        </Field>
      </div>
      <div className="seller-form__row">
        {!product && (
          <Field name="stock" label={t("product.stock")} error={errors.fields.stock}>
            {(control) => <input {...control} inputMode="numeric" value={values.stock} onChange={set("stock")} />}
          </Field>
        )}
        <Field name="min_order_quantity" label={t("product.minOrder")} error={errors.fields.min_order_quantity}>
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              value={values.min_order_quantity}
              onChange={set("min_order_quantity")}
            />
          )}
        </Field>
      </div>
      <PriceTiersEditor
        rows={values.price_tiers}
        onChange={setTiers}
        errors={errors.fields}
        unit={values.unit.trim() || t("product.defaultUnit")}
      />
      <div className="field">
        <label className="seller-check">
          <input
            type="checkbox"
            name="vat_exempt"
            checked={values.vat_exempt}
            onChange={(event) => setValues((current) => ({ ...current, vat_exempt: event.target.checked }))}
            aria-invalid={errors.fields.vat_exempt ? true : undefined}
            aria-describedby={["f-vat_exempt-hint", errors.fields.vat_exempt ? "f-vat_exempt-error" : ""].filter(Boolean).join(" ")}
          />{" "}
          {t("product.vatExempt")}
        </label>
        <p className="field__hint" id="f-vat_exempt-hint">
          {t("product.vatExemptHint")}
        </p>
        {errors.fields.vat_exempt && (
          <p className="field__error" id="f-vat_exempt-error">
            {errors.fields.vat_exempt}
          </p>
        )}
      </div>
      <Field name="sku" label={t("product.sku")} hint={t("product.skuHint")} error={errors.fields.sku}>
        {(control) => <input {...control} value={values.sku} onChange={set("sku")} maxLength={64} />}
      </Field>
      <Field name="description" label={t("product.description")} error={errors.fields.description}>
        {(control) => <textarea {...control} rows={6} value={values.description} onChange={set("description")} />}
      </Field>
      <Field name="status" label={t("product.status")} hint={t("product.statusHint")} error={errors.fields.status}>
        {(control) => (
          <select {...control} value={values.status} onChange={set("status")}>
            {PRODUCT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`productStatus.${status}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset
        className="seller-fieldset"
        aria-invalid={errors.fields.tags ? true : undefined}
        aria-describedby={errors.fields.tags ? "f-tags-error" : undefined}
      >
        <legend>{t("product.tags")}</legend>
        {tags.data?.length ? (
          <ul className="seller-checks">
            {tags.data.map((tag) => (
              <li key={tag.slug}>
                <label>
                  <input
                    type="checkbox"
                    checked={values.tags.includes(tag.slug)}
                    onChange={(event) => toggleTag(tag.slug, event.target.checked)}
                  />{" "}
                  {english ? tag.name_en : tag.name_ko}
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="seller-muted">{tags.isPending ? t("loading") : t("product.noTags")}</p>
        )}
        {errors.fields.tags && (
          <p className="field__error" id="f-tags-error">
            {errors.fields.tags}
          </p>
        )}
      </fieldset>
      {errors.form && (
        <p className="notice notice--error" role="alert">
          {errors.form}
        </p>
      )}
      {Object.keys(errors.fields).length > 0 && (
        <div className="notice notice--error" role="alert">
          <p>{t("product.fixFields", { count: Object.keys(errors.fields).length })}</p>
          {/* A refusal naming a field this form does not show (e.g. stock on an edit) still gets said. */}
          {Object.entries(errors.fields)
            .filter(([name]) => !shown.has(name.replace(/\[.*$/, "")))
            .map(([name, message]) => (
              <p key={name}>{message}</p>
            ))}
        </div>
      )}
      <button type="submit" className="button" disabled={save.isPending}>
        {save.isPending ? t("saving") : product ? t("product.save") : t("product.create")}
      </button>
    </form>
  );
}
