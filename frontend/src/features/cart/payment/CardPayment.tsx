import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, ensureCsrfCookie, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { Loading } from "../../../components/Loading";
import { formatWon } from "../../../lib/format";
import { loadStripeJs, type StripeCardElement, type StripeInstance } from "./stripe";
import { usePaymentFlow } from "./usePaymentFlow";

type Order = components["schemas"]["Order"];

/**
 * The card form: Stripe.js's card element, paid with confirmCardPayment (which runs 3-D Secure itself when the
 * card asks for it). Once Stripe.js says the card paid, the server checks the PaymentIntent with the gateway
 * (payment/sync/) until the order is paid; then on to the order's page.
 */
export function CardPayment({ order }: { order: Order }) {
  const { t, i18n } = useTranslation("cart");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mountPoint = useRef<HTMLDivElement>(null);
  const stripe = useRef<{ stripe: StripeInstance; card: StripeCardElement } | null>(null);
  const failureAlert = useRef<HTMLDivElement>(null);

  const config = useQuery({
    queryKey: ["payments", "config"],
    queryFn: () => unwrap(api.GET("/api/v1/payments/config/")),
    staleTime: Infinity,
  });
  // An order's payment starts at checkout; should it not have (an older order), start it now.
  const started = useQuery({
    queryKey: ["orders", order.id, "payment"],
    queryFn: async () => {
      await ensureCsrfCookie();
      return unwrap(api.POST("/api/v1/orders/{id}/payment/", { params: { path: { id: order.id } } }));
    },
    enabled: !order.payment,
    staleTime: Infinity,
  });
  const clientSecret = order.payment?.client_secret || started.data?.client_secret || null;

  const flow = usePaymentFlow({
    check: async () => {
      await ensureCsrfCookie();
      const synced = await unwrap(api.POST("/api/v1/orders/{id}/payment/sync/", { params: { path: { id: order.id } } }));
      queryClient.setQueryData(["orders", order.id], synced);
      return synced.status;
    },
    onPaid: () => {
      void queryClient.invalidateQueries({ queryKey: ["orders", "list"] });
      void navigate(`/orders/${order.id}?paid=1`, { replace: true });
    },
  });
  const { state, dispatch, pay } = flow;

  // Stripe.js on this page only: load it, make the card element, mount it; destroy it when leaving.
  const configData = config.data;
  const language = i18n.language;
  useEffect(() => {
    if (!configData) return;
    let cancelled = false;
    let card: StripeCardElement | null = null;
    loadStripeJs(configData.stripe_js_url)
      .then((Stripe) => {
        if (cancelled || !mountPoint.current) return;
        const instance = Stripe(configData.publishable_key, { locale: language });
        card = instance.elements().create("card");
        card.mount(mountPoint.current);
        stripe.current = { stripe: instance, card };
        dispatch({ type: "prepared" });
      })
      .catch(() => {
        if (!cancelled) dispatch({ type: "unavailable" });
      });
    return () => {
      cancelled = true;
      card?.destroy();
      stripe.current = null;
    };
  }, [configData, language, dispatch]);
  useEffect(() => {
    if (config.isError || started.isError) dispatch({ type: "unavailable" });
  }, [config.isError, started.isError, dispatch]);

  const failure = state.phase === "ready" ? state.failure : null;
  useEffect(() => {
    if (failure) failureAlert.current?.focus();
  }, [failure]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const ready = stripe.current;
    if (!ready || !clientSecret) return;
    void pay(() => ready.stripe.confirmCardPayment(clientSecret, { payment_method: { card: ready.card } }));
  };

  const busy = state.phase === "confirming" || state.phase === "verifying";
  const status =
    state.phase === "confirming" ? t("payment.confirming") : state.phase === "verifying" ? t("payment.verifying") : "";

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="payment-card-title" className="payment__form">
      <h2 id="payment-card-title">{t("payment.card")}</h2>
      {failure && (
        <div ref={failureAlert} tabIndex={-1} className="notice notice--error" role="alert">
          <p className="notice__title">{t(`payment.failure.${failure.reason}`)}</p>
          <p>{t("payment.tryAgain")}</p>
          {failure.detail && <p className="field__hint">{failure.detail}</p>}
        </div>
      )}
      {state.phase === "unavailable" && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{t("payment.unavailable")}</p>
          <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
            {t("payment.reload")}
          </button>
        </div>
      )}
      <fieldset className="payment__card" disabled={busy}>
        <legend>{t("payment.cardDetails")}</legend>
        {state.phase === "preparing" && <Loading label={t("payment.loadingCard")} />}
        <div ref={mountPoint} className="payment__card-element" />
      </fieldset>
      {configData?.publishable_key.startsWith("pk_test_") && (
        <p className="payment__test-cards">{t("payment.testCards")}</p>
      )}
      <div role="status" aria-live="polite">
        {status && <p>{status}</p>}
      </div>
      {state.phase === "slow" && (
        <div className="notice notice--warning" role="alert">
          <p className="notice__title">{t("payment.slow")}</p>
          <p>{t("payment.slowHint")}</p>
          <button type="button" className="button button--secondary" onClick={() => dispatch({ type: "checkAgain" })}>
            {t("payment.checkAgain")}
          </button>{" "}
          <Link to={`/orders/${order.id}`}>{t("payment.seeOrder")}</Link>
        </div>
      )}
      {state.phase === "ended" && (
        <div className="notice notice--warning" role="alert">
          <p className="notice__title">{t("payment.ended")}</p>
          <Link to={`/orders/${order.id}`}>{t("payment.seeOrder")}</Link>
        </div>
      )}
      {(state.phase === "ready" || busy || state.phase === "preparing") && (
        <button type="submit" className="button payment__pay" disabled={state.phase !== "ready" || !clientSecret}>
          {busy ? t("payment.paying") : t("payment.pay", { total: formatWon(order.total) })}
        </button>
      )}
    </form>
  );
}
