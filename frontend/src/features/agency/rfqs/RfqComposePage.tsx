import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../../api/client";
import { fieldErrors } from "../../../components/FormError";
import { formatNumber, formatWon } from "../../../lib/format";
import { agencyKeys } from "../api";
import { Field, useFocusOnError, usePageTitle } from "../ui";
import {
  belowMinimum,
  catalogueFirms,
  estimatedUnitPrice,
  freeTextItem,
  productItem,
  toBody,
  type ComposeItem,
  type ComposeValues,
} from "./compose";
import { FirmPicker, ProductPicker } from "./pickers";

function isoDay(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

function initialValues(): ComposeValues {
  const now = Date.now();
  return {
    title: "",
    items: [],
    extraFirms: [],
    delivery_place: "",
    delivery_date: isoDay(new Date(now + 14 * 86_400_000)),
    reply_deadline: `${isoDay(new Date(now + 7 * 86_400_000))}T17:00`,
    note: "",
  };
}

/** /agency/rfqs/new: what is needed (catalogue products or free text), where and when, and which firms to ask. */
export function RfqComposePage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("rfq.compose.title"));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<ComposeValues>(initialValues);
  const send = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/agency/quote-requests/", { body: toBody(values) })),
    onSuccess: (created) => {
      queryClient.setQueryData(agencyKeys.quoteRequest(created.id), created);
      void queryClient.invalidateQueries({ queryKey: agencyKeys.quoteRequests });
      void navigate(`/agency/rfqs/${created.id}`, { state: { sent: true } });
    },
  });
  const errors = fieldErrors(send.error);
  useFocusOnError(form, send.error);
  const fixedFirms = catalogueFirms(values.items);
  const asked = new Set([...fixedFirms, ...values.extraFirms].map((firm) => firm.id));

  const set = (name: "title" | "delivery_place" | "delivery_date" | "reply_deadline" | "note") =>
    (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));
  const setItem = (key: string, change: Partial<ComposeItem>) =>
    setValues((current) => ({
      ...current,
      items: current.items.map((item) => (item.key === key ? { ...item, ...change } : item)),
    }));
  const addItem = (item: ComposeItem) => setValues((current) => ({ ...current, items: [...current.items, item] }));
  const removeItem = (key: string) =>
    setValues((current) => ({ ...current, items: current.items.filter((item) => item.key !== key) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate();
  }

  return (
    <section className="page">
      <h1>{t("rfq.compose.title")}</h1>
      <p className="agency-lead">{t("rfq.compose.lead")}</p>
      <form ref={form} noValidate onSubmit={submit} className="agency-form agency-form--wide">
        <Field name="title" label={t("rfq.compose.requestTitle")} error={errors.fields.title}>
          {(control) => <input {...control} value={values.title} onChange={set("title")} maxLength={200} required />}
        </Field>

        <fieldset className="agency-fieldset" aria-invalid={errors.fields.items ? true : undefined} aria-describedby={errors.fields.items ? "items-error" : undefined}>
          <legend>{t("rfq.compose.items")}</legend>
          <ProductPicker onPick={(hit) => addItem(productItem(hit))} />
          <p>
            <button type="button" className="button button--secondary" onClick={() => addItem(freeTextItem())}>
              {t("rfq.compose.addFreeText")}
            </button>
          </p>
          {errors.fields.items && (
            <p className="field__error" id="items-error">
              {errors.fields.items}
            </p>
          )}
          {values.items.length === 0 ? (
            <p className="agency-muted">{t("rfq.compose.noItems")}</p>
          ) : (
            <ol className="agency-items">
              {values.items.map((item, index) => (
                <li key={item.key}>
                  <ItemFields
                    item={item}
                    index={index}
                    errors={errors.fields}
                    onChange={(change) => setItem(item.key, change)}
                    onRemove={() => removeItem(item.key)}
                  />
                </li>
              ))}
            </ol>
          )}
        </fieldset>

        <fieldset className="agency-fieldset" aria-invalid={errors.fields.firms ? true : undefined} aria-describedby={errors.fields.firms ? "firms-error" : undefined}>
          <legend>{t("rfq.compose.firms")}</legend>
          <p className="field__hint">{t("rfq.compose.firmsHint")}</p>
          {errors.fields.firms && (
            <p className="field__error" id="firms-error">
              {errors.fields.firms}
            </p>
          )}
          {asked.size === 0 ? (
            <p className="agency-muted">{t("rfq.compose.noFirms")}</p>
          ) : (
            <ul className="agency-chips" aria-label={t("rfq.compose.askedFirms")}>
              {fixedFirms.map((firm) => (
                <li key={firm.id} className="agency-chip">
                  {firm.name} <span className="agency-muted">{t("rfq.compose.catalogueFirm")}</span>
                </li>
              ))}
              {values.extraFirms
                .filter((firm) => !fixedFirms.some((fixed) => fixed.id === firm.id))
                .map((firm) => (
                  <li key={firm.id} className="agency-chip">
                    {firm.name}{" "}
                    <button
                      type="button"
                      className="agency-chip__remove"
                      aria-label={t("rfq.compose.removeFirm", { name: firm.name })}
                      onClick={() =>
                        setValues((current) => ({
                          ...current,
                          extraFirms: current.extraFirms.filter((other) => other.id !== firm.id),
                        }))
                      }
                    >
                      ×
                    </button>
                  </li>
                ))}
            </ul>
          )}
          <FirmPicker
            chosen={asked}
            onPick={(firm) => setValues((current) => ({ ...current, extraFirms: [...current.extraFirms, firm] }))}
          />
        </fieldset>

        <Field name="delivery_place" label={t("rfq.compose.deliveryPlace")} error={errors.fields.delivery_place}>
          {(control) => <input {...control} value={values.delivery_place} onChange={set("delivery_place")} maxLength={300} required />}
        </Field>
        <div className="agency-form__row">
          <Field name="delivery_date" label={t("rfq.compose.deliveryDate")} error={errors.fields.delivery_date}>
            {(control) => <input {...control} type="date" value={values.delivery_date} onChange={set("delivery_date")} required />}
          </Field>
          <Field
            name="reply_deadline"
            label={t("rfq.compose.replyDeadline")}
            hint={t("rfq.compose.replyDeadlineHint")}
            error={errors.fields.reply_deadline}
          >
            {(control) => (
              <input {...control} type="datetime-local" value={values.reply_deadline} onChange={set("reply_deadline")} required />
            )}
          </Field>
        </div>
        <Field name="note" label={t("rfq.compose.note")} error={errors.fields.note}>
          {(control) => <textarea {...control} rows={3} value={values.note} onChange={set("note")} maxLength={2000} />}
        </Field>
        {errors.form && (
          <p className="notice notice--error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" className="button" disabled={send.isPending}>
          {send.isPending ? t("sending") : t("rfq.compose.send")}
        </button>
      </form>
    </section>
  );
}

interface ItemFieldsProps {
  item: ComposeItem;
  index: number;
  errors: Record<string, string>;
  onChange: (change: Partial<ComposeItem>) => void;
  onRemove: () => void;
}

function ItemFields({ item, index, errors, onChange, onRemove }: ItemFieldsProps) {
  const { t } = useTranslation("agency");
  const prefix = `items[${index}]`;
  const name = item.product ? item.product.title : t("rfq.compose.freeText");
  const quantity = Number(item.quantity);
  const rowError = errors[prefix] ?? errors[`${prefix}.product_id`];
  return (
    <fieldset className="agency-item" aria-invalid={rowError ? true : undefined}>
      <legend>{t("rfq.compose.itemLegend", { n: index + 1, name })}</legend>
      {item.product && (
        <p className="agency-muted">
          {t("rfq.compose.productFacts", {
            firm: item.product.firmName,
            minimum: formatNumber(item.product.minOrder),
            unit: item.product.unit,
          })}
          {Number.isInteger(quantity) && quantity > 0 && (
            <>
              {" · "}
              {t("rfq.compose.estimate", { price: formatWon(estimatedUnitPrice(item.product, quantity)) })}
            </>
          )}
        </p>
      )}
      {rowError && <p className="field__error">{rowError}</p>}
      {!item.product && (
        <Field name={`${prefix}.description`} idPrefix={item.key} label={t("rfq.compose.description")} error={errors[`${prefix}.description`]}>
          {(control) => (
            <input {...control} value={item.description} onChange={(event) => onChange({ description: event.target.value })} maxLength={300} />
          )}
        </Field>
      )}
      <div className="agency-form__row">
        <Field
          name={`${prefix}.quantity`}
          idPrefix={item.key}
          label={t("rfq.compose.quantity")}
          hint={
            item.product
              ? belowMinimum(item)
                ? t("rfq.compose.belowMinimum", { minimum: formatNumber(item.product.minOrder), unit: item.product.unit })
                : t("rfq.compose.minimum", { minimum: formatNumber(item.product.minOrder), unit: item.product.unit })
              : undefined
          }
          error={errors[`${prefix}.quantity`]}
        >
          {(control) => (
            <input {...control} inputMode="numeric" value={item.quantity} onChange={(event) => onChange({ quantity: event.target.value })} />
          )}
        </Field>
        <Field name={`${prefix}.unit`} idPrefix={item.key} label={t("rfq.compose.unit")} error={errors[`${prefix}.unit`]}>
          {(control) => (
            <input {...control} value={item.unit} onChange={(event) => onChange({ unit: event.target.value })} maxLength={20} readOnly={Boolean(item.product)} />
          )}
        </Field>
      </div>
      <button type="button" className="button button--secondary" onClick={onRemove} aria-label={t("rfq.compose.removeItem", { n: index + 1, name })}>
        {t("rfq.compose.remove")}
      </button>
    </fieldset>
  );
}
