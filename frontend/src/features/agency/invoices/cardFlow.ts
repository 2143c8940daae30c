// Paying a small invoice by card: Stripe.js turns the card into a payment method, the server confirms the payment
// with it (pay-by-card/), and when the card asks for its own authentication (3-D Secure) Stripe.js runs it and
// the server reads the payment back. The steps take their collaborators as arguments, so the order and the
// outcomes are tested without a browser's Stripe.js.
import type { components } from "../../../api/schema";

export type CardPaymentResult = components["schemas"]["AgencyCardPaymentResult"];

export interface StripeLike {
  createPaymentMethod(data: { type: "card"; card: unknown }): Promise<{ paymentMethod?: { id: string }; error?: { message?: string } }>;
  handleCardAction(clientSecret: string): Promise<{ error?: { message?: string } }>;
}

export type CardOutcome =
  | { kind: "paid"; result: CardPaymentResult }
  | { kind: "failed"; message: string | null; result?: CardPaymentResult };

/** `pay(paymentMethod)` posts to pay-by-card/ ("" reads the payment back after the card's authentication). */
export async function payByCard(
  stripe: StripeLike,
  card: unknown,
  pay: (paymentMethod: string) => Promise<CardPaymentResult>,
): Promise<CardOutcome> {
  const created = await stripe.createPaymentMethod({ type: "card", card });
  if (!created?.paymentMethod) return { kind: "failed", message: created?.error?.message ?? null };
  let result = await pay(created.paymentMethod.id);
  if (result.payment.status === "requires_action" && result.payment.client_secret) {
    const action = await stripe.handleCardAction(result.payment.client_secret);
    if (action?.error) return { kind: "failed", message: action.error.message ?? null, result };
    result = await pay("");
  }
  if (result.payment.status === "succeeded" || result.invoice.status === "paid") return { kind: "paid", result };
  return { kind: "failed", message: result.payment.last_error, result };
}
