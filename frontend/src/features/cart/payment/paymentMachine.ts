// The card payment step as a state machine, apart from React and Stripe.js so it can be tested on its own.
//
//   preparing ──prepared──▶ ready ──submit──▶ confirming ──(Stripe.js: 3-D Secure inside)──▶ verifying ──▶ paid
//       │                    ▲                    │ refused / failed authentication / incomplete card      │
//       └─unavailable        └────────────────────┘ (the message shown; the card form stays for another)  ├─▶ slow
//                                                                                                          └─▶ ended
// "verifying": Stripe.js says the card paid; we ask our server to check with the gateway (payment/sync/) until
// the order is paid, a few times with growing pauses, then say it is taking long ("slow") instead of waiting on.
import type { ConfirmResult, StripeError } from "./stripe";

export type Failure = "declined" | "authentication" | "incomplete" | "network" | "unknown";

export type PaymentState =
  | { phase: "preparing" }
  | { phase: "unavailable" }
  | { phase: "ready"; failure: { reason: Failure; detail: string } | null }
  | { phase: "confirming" }
  | { phase: "verifying"; attempt: number }
  | { phase: "paid" }
  | { phase: "slow" }
  | { phase: "ended"; orderStatus: string };

export type PaymentEvent =
  | { type: "prepared" }
  | { type: "unavailable" }
  | { type: "submit" }
  | { type: "confirmed"; result: ConfirmResult }
  | { type: "checked"; orderStatus: string | null } // null: the check itself failed (network, 5xx)
  | { type: "checkAgain" };

export const MAX_CHECKS = 8;

/** Pause before check number `attempt` (0-based): at once, then 1, 2, 3, 4, 4… seconds (about 22 s in all). */
export function checkDelay(attempt: number): number {
  return attempt === 0 ? 0 : 1000 * Math.min(attempt, 4);
}

// The order has money: paid (and later closed when every part is settled).
const PAID_ORDER = new Set(["paid", "closed"]);
const WAITING_ORDER = "pending_payment";
// Stripe's PaymentIntent states after which the money is (being) taken.
const CARD_PAID = new Set(["succeeded", "processing", "requires_capture"]);

export function classifyStripeError(error: StripeError): Failure {
  if (error.type === "validation_error") return "incomplete";
  if (error.code === "payment_intent_authentication_failure") return "authentication";
  if (error.type === "card_error") return "declined";
  if (error.type === "api_connection_error") return "network";
  return "unknown";
}

export const initialPaymentState: PaymentState = { phase: "preparing" };

export function paymentReducer(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (state.phase) {
    case "preparing":
      if (event.type === "prepared") return { phase: "ready", failure: null };
      if (event.type === "unavailable") return { phase: "unavailable" };
      return state;
    case "ready":
      return event.type === "submit" ? { phase: "confirming" } : state;
    case "confirming": {
      if (event.type !== "confirmed") return state;
      const { error, paymentIntent } = event.result;
      if (error) return { phase: "ready", failure: { reason: classifyStripeError(error), detail: error.message ?? "" } };
      if (paymentIntent && CARD_PAID.has(paymentIntent.status)) return { phase: "verifying", attempt: 0 };
      return { phase: "ready", failure: { reason: "unknown", detail: paymentIntent?.status ?? "" } };
    }
    case "verifying": {
      if (event.type !== "checked") return state;
      if (event.orderStatus && PAID_ORDER.has(event.orderStatus)) return { phase: "paid" };
      if (event.orderStatus && event.orderStatus !== WAITING_ORDER) return { phase: "ended", orderStatus: event.orderStatus };
      const attempt = state.attempt + 1;
      return attempt >= MAX_CHECKS ? { phase: "slow" } : { phase: "verifying", attempt };
    }
    case "slow":
      if (event.type === "checkAgain") return { phase: "verifying", attempt: 0 };
      if (event.type === "checked" && event.orderStatus && PAID_ORDER.has(event.orderStatus)) return { phase: "paid" };
      return state;
    default:
      return state;
  }
}
