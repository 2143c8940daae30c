import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, ensureCsrfCookie, unwrap } from "../../../api/client";
import { Loading } from "../../../components/Loading";
import { formatWon } from "../../../lib/format";
import { loadStripeJs, type StripeCardElement, type StripeInstance } from "../../cart/payment/stripe";
import { agencyKeys, type Invoice } from "../api";
import { payByCard, type StripeLike } from "./cardFlow";

type Stage = "closed" | "loading" | "ready" | "paying" | "unavailable";

/**
 * 카드 결제 for a small open invoice (the server's can_pay_by_card; approvers): Stripe.js and its card box load only
 * once the member opens the form, from the URL the server names.
 */
export function InvoiceCardPayment({ invoice }: { invoice: Invoice }) {
  const { t, i18n } = useTranslation("agency");
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>("closed");
  const [error, setError] = useState<string | null>(null);
  const mountPoint = useRef<HTMLDivElement>(null);
  const stripe = useRef<{ stripe: StripeInstance & StripeLike; card: StripeCardElement } | null>(null);
  const config = useQuery({
    queryKey: ["payments", "config"],
    queryFn: () => unwrap(api.GET("/api/v1/payments/config/")),
    staleTime: Infinity,
    enabled: stage !== "closed",
  });
  const configData = config.data;
  const language = i18n.language;
  const opened = stage !== "closed";

  useEffect(() => {
    if (!opened || !configData) return;
    let cancelled = false;
    let card: StripeCardElement | null = null;
    loadStripeJs(configData.stripe_js_url)
      .then((Stripe) => {
        if (cancelled || !mountPoint.current) return;
        const instance = Stripe(configData.publishable_key, { locale: language }) as StripeInstance & StripeLike;
        card = instance.elements().create("card");
        card.mount(mountPoint.current);
        stripe.current = { stripe: instance, card };
        setStage("ready");
      })
      .catch(() => !cancelled && setStage("unavailable"));
    return () => {
      cancelled = true;
      card?.destroy();
      stripe.current = null;
    };
  }, [opened, configData, language]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!stripe.current) return;
    setStage("paying");
    setError(null);
    try {
      await ensureCsrfCookie();
      const outcome = await payByCard(stripe.current.stripe, stripe.current.card, (paymentMethod) =>
        unwrap(
          api.POST("/api/v1/agency/invoices/{id}/pay-by-card/", {
            params: { path: { id: invoice.id } },
            body: { payment_method: paymentMethod },
          }),
        ),
      );
      if (outcome.result) queryClient.setQueryData(agencyKeys.invoice(invoice.id), outcome.result.invoice);
      if (outcome.kind === "paid") {
        void queryClient.invalidateQueries({ queryKey: agencyKeys.invoices });
        return; // the invoice now reads paid: this form goes
      }
      setError(outcome.message ?? t("card.failed"));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t("card.failed"));
      if (failure instanceof ApiError && failure.status === 409) {
        void queryClient.invalidateQueries({ queryKey: agencyKeys.invoice(invoice.id) });
      }
    }
    setStage("ready");
  }

  if (stage === "closed") {
    return (
      <p>
        <button type="button" className="button button--secondary" onClick={() => setStage("loading")}>
          {t("card.open")}
        </button>
      </p>
    );
  }
  return (
    <form className="agency-panel agency-form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="card-title">
      <h2 id="card-title">{t("card.title", { total: formatWon(invoice.total) })}</h2>
      {stage === "loading" && <Loading />}
      {stage === "unavailable" && (
        <p className="notice notice--error" role="alert">
          {t("card.unavailable")}
        </p>
      )}
      <div className="field">
        <span className="agency-card-label" id="card-label">
          {t("card.label")}
        </span>
        <div ref={mountPoint} className="agency-card-element" role="group" aria-labelledby="card-label" />
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="agency-actions">
        <button type="submit" className="button" disabled={stage !== "ready"}>
          {stage === "paying" ? t("card.paying") : t("card.pay", { total: formatWon(invoice.total) })}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setStage("closed")}>
          {t("close")}
        </button>
      </div>
    </form>
  );
}
