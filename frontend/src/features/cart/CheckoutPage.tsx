import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, ensureCsrfCookie, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorState } from "../../components/ErrorState";
import { fieldErrors } from "../../components/FormError";
import { Loading } from "../../components/Loading";
import { formatWon } from "../../lib/format";
import { focusFirstError, RequireLogin, TextField } from "../auth";
import { groupByFirm } from "./cartLogic";
import { CART_QUERY_KEY, useCart } from "./useCart";
import "./cart.css";

type Shipping = components["schemas"]["ShippingRequest"];
const FIELDS = ["name", "phone", "postal_code", "address1", "address2"] as const;
const AUTOCOMPLETE: Record<(typeof FIELDS)[number], string> = {
  name: "shipping name",
  phone: "shipping tel",
  postal_code: "shipping postal-code",
  address1: "shipping address-line1",
  address2: "shipping address-line2",
};

export function CheckoutPage() {
  return (
    <RequireLogin>
      <Checkout />
    </RequireLogin>
  );
}

function Checkout() {
  const { t } = useTranslation("cart");
  const cart = useCart();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [shipping, setShipping] = useState<Shipping>({ name: "", phone: "", postal_code: "", address1: "", address2: "" });
  const alert = useRef<HTMLDivElement>(null);

  const place = useMutation({
    mutationFn: async (body: Shipping) => {
      await ensureCsrfCookie();
      return unwrap(api.POST("/api/v1/checkout/", { body: { shipping: body } }));
    },
    onSuccess: (order) => {
      queryClient.setQueryData(["orders", order.id], order);
      void queryClient.invalidateQueries({ queryKey: CART_QUERY_KEY }); // the order took the cart's items
      void queryClient.invalidateQueries({ queryKey: ["orders", "list"] });
      void navigate(`/checkout/${order.id}`);
    },
  });

  // The API's errors name fields as "shipping.phone"; anything else (stock, the cart) is for the whole form.
  const { fields, form } = fieldErrors(place.error);
  const errors: Record<string, string | undefined> = {};
  for (const field of FIELDS) errors[`shipping-${field}`] = fields[`shipping.${field}`];
  const other = Object.entries(fields).find(([name]) => !name.startsWith("shipping."))?.[1];
  const formMessage = form ?? other ?? null;
  useEffect(() => {
    if (!place.error) return;
    const { fields: current } = fieldErrors(place.error);
    const byId = Object.fromEntries(FIELDS.map((field) => [`shipping-${field}`, current[`shipping.${field}`]]));
    if (!focusFirstError(Object.keys(byId), byId)) alert.current?.focus();
  }, [place.error]);

  if (cart.isPending) return <Loading />;
  if (cart.isError) return <ErrorState error={cart.error} onRetry={() => void cart.refetch()} />;
  const groups = groupByFirm(cart.data.lines);
  if (groups.length === 0 && !place.isSuccess) {
    return (
      <section className="page">
        <h1>{t("checkout.title")}</h1>
        <div className="notice">
          <p>{t("empty")}</p>
          <Link to="/">{t("browse")}</Link>
        </div>
      </section>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    place.mutate(Object.fromEntries(FIELDS.map((field) => [field, shipping[field]?.trim() ?? ""])) as Shipping);
  };
  const set = (field: (typeof FIELDS)[number]) => (event: { target: { value: string } }) =>
    setShipping((current) => ({ ...current, [field]: event.target.value }));

  return (
    <section className="page checkout">
      <h1>{t("checkout.title")}</h1>
      <div className="checkout__layout">
        <form className="checkout__form" onSubmit={onSubmit} noValidate aria-labelledby="checkout-shipping-title">
          <h2 id="checkout-shipping-title">{t("checkout.shipping")}</h2>
          {formMessage && (
            <div ref={alert} tabIndex={-1} className="notice notice--error" role="alert">
              <p className="notice__title">{t("checkout.failed")}</p>
              <p>{formMessage}</p>
              <Link to="/cart">{t("checkout.backToCart")}</Link>
            </div>
          )}
          <TextField id="shipping-name" label={t("field.name")} autoComplete={AUTOCOMPLETE.name} maxLength={100} value={shipping.name} onChange={set("name")} error={errors["shipping-name"]} />
          <TextField
            id="shipping-phone"
            label={t("field.phone")}
            type="tel"
            hint={t("field.phoneHint")}
            autoComplete={AUTOCOMPLETE.phone}
            maxLength={30}
            value={shipping.phone}
            onChange={set("phone")}
            error={errors["shipping-phone"]}
          />
          <div className="checkout__postal">
            <TextField
              id="shipping-postal_code"
              label={t("field.postalCode")}
              inputMode="numeric"
              autoComplete={AUTOCOMPLETE.postal_code}
              maxLength={10}
              value={shipping.postal_code}
              onChange={set("postal_code")}
              error={errors["shipping-postal_code"]}
            />
          </div>
          <TextField id="shipping-address1" label={t("field.address1")} autoComplete={AUTOCOMPLETE.address1} maxLength={200} value={shipping.address1} onChange={set("address1")} error={errors["shipping-address1"]} />
          <TextField
            id="shipping-address2"
            label={t("field.address2")}
            optionalLabel={t("optional")}
            autoComplete={AUTOCOMPLETE.address2}
            maxLength={200}
            value={shipping.address2}
            onChange={set("address2")}
            error={errors["shipping-address2"]}
          />
          <p className="field__hint">{t("checkout.reservation")}</p>
          <button type="submit" className="button payment__pay" disabled={place.isPending}>
            {place.isPending ? t("checkout.placing") : t("checkout.place", { total: formatWon(cart.data.items_total) })}
          </button>
        </form>
        <aside className="cart-summary" aria-labelledby="checkout-summary-title">
          <h2 id="checkout-summary-title">{t("summary")}</h2>
          <ul className="checkout__parts">
            {groups.map((group) => (
              <li key={group.firmId}>
                <span>
                  {group.firmName} · {t("checkout.items", { count: group.lines.length })}
                </span>
                <span>{formatWon(group.subtotal)}</span>
              </li>
            ))}
          </ul>
          <dl className="cart-summary__rows">
            <div className="cart-summary__total">
              <dt>{t("total")}</dt>
              <dd>{formatWon(cart.data.items_total)}</dd>
            </div>
          </dl>
          <Link to="/cart">{t("checkout.editCart")}</Link>
        </aside>
      </div>
    </section>
  );
}
