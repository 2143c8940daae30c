// 바로구매 on a product page, for an agency's requesters: loaded only for them (the storefront imports it lazily), so
// citizens never download it. It submits a purchase for approval; nothing is paid here.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api, unwrap } from "../../../api/client";
import { fieldErrors } from "../../../components/FormError";
import { formatNumber, formatWon } from "../../../lib/format";
import "../agency.css";
import { agencyKeys } from "../api";
import { estimatedUnitPrice } from "../rfqs/compose";
import { Field, useFocusOnError, wholeNumber } from "../ui";

export interface BuyNowProduct {
  id: number;
  title: string;
  price: number;
  unit?: string;
  min_order_quantity?: number;
  price_tiers: readonly { min_quantity: number; unit_price: number }[];
  firm: { id: number; name: string };
}

function inDays(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

export function BuyNow({ product }: { product: BuyNowProduct }) {
  const { t } = useTranslation("agency");
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <div className="agency-buy-now">
      {open ? (
        <BuyNowForm
          product={product}
          onClose={() => {
            setOpen(false);
            requestAnimationFrame(() => opener.current?.focus());
          }}
        />
      ) : (
        <button type="button" ref={opener} className="button button--secondary" onClick={() => setOpen(true)}>
          {t("buyNow.open")}
        </button>
      )}
    </div>
  );
}

function BuyNowForm({ product, onClose }: { product: BuyNowProduct; onClose: () => void }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const minimum = product.min_order_quantity ?? 1;
  const unit = product.unit || "개";
  const [quantity, setQuantity] = useState(String(minimum));
  const [place, setPlace] = useState("");
  const [date, setDate] = useState(() => inDays(7));
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/agency/purchases/buy-now/", {
          body: {
            items: [{ product_id: product.id, quantity: wholeNumber(quantity) }],
            delivery_place: place,
            delivery_date: date,
            title: "",
          },
        }),
      ),
    onSuccess: (purchase) => {
      queryClient.setQueryData(agencyKeys.purchase(purchase.id), purchase);
      void queryClient.invalidateQueries({ queryKey: agencyKeys.purchases });
    },
  });
  const errors = fieldErrors(submit.error);
  useFocusOnError(form, submit.error);
  const count = Number(quantity);
  const estimate = Number.isInteger(count) && count > 0 ? estimatedUnitPrice({ price: product.price, tiers: product.price_tiers }, count) : null;
  const limit = submit.error instanceof ApiError && submit.error.code === "buy_now_limit_exceeded";

  if (submit.data) {
    return (
      <div className="notice notice--success agency-panel" role="status">
        <p className="notice__title">{t("buyNow.done", { number: submit.data.number })}</p>
        <p>
          <Link to={`/agency/purchases/${submit.data.id}`}>{t("buyNow.view")}</Link>
        </p>
      </div>
    );
  }

  function send(event: FormEvent) {
    event.preventDefault();
    submit.mutate();
  }

  return (
    <form ref={form} noValidate className="agency-panel agency-form" onSubmit={send} aria-labelledby="buy-now-title">
      <h2 id="buy-now-title">{t("buyNow.title")}</h2>
      <p className="agency-muted">{t("buyNow.lead")}</p>
      <Field
        name="items[0].quantity"
        idPrefix="buy-now"
        label={t("buyNow.quantity", { unit })}
        hint={t("rfq.compose.minimum", { minimum: formatNumber(minimum), unit })}
        error={errors.fields["items[0].quantity"] ?? errors.fields["items[0]"] ?? errors.fields.items}
      >
        {(control) => <input {...control} inputMode="numeric" value={quantity} onChange={(event) => setQuantity(event.target.value)} />}
      </Field>
      {estimate != null && (
        <p>
          {t("buyNow.estimate", { price: formatWon(estimate), total: formatWon(estimate * count) })}
        </p>
      )}
      <Field name="delivery_place" idPrefix="buy-now" label={t("rfq.compose.deliveryPlace")} error={errors.fields.delivery_place}>
        {(control) => <input {...control} value={place} onChange={(event) => setPlace(event.target.value)} maxLength={300} required />}
      </Field>
      <Field name="delivery_date" idPrefix="buy-now" label={t("rfq.compose.deliveryDate")} error={errors.fields.delivery_date}>
        {(control) => <input {...control} type="date" value={date} onChange={(event) => setDate(event.target.value)} required />}
      </Field>
      {errors.form && (
        <div className="notice notice--error" role="alert">
          <p>{errors.form}</p>
          {limit && (
            <p>
              <Link to="/agency/rfqs/new">{t("buyNow.toRfq")}</Link>
            </p>
          )}
        </div>
      )}
      <div className="agency-actions">
        <button type="submit" className="button" disabled={submit.isPending}>
          {t("buyNow.submit")}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t("close")}
        </button>
      </div>
    </form>
  );
}
