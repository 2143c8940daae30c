import { describe, expect, it } from "vitest";
import { checkDelay, classifyStripeError, MAX_CHECKS, paymentReducer, type PaymentState } from "./paymentMachine";

const ready: PaymentState = { phase: "ready", failure: null };

describe("paymentReducer", () => {
  it("shows the card form once Stripe.js is there, or says it is unavailable", () => {
    expect(paymentReducer({ phase: "preparing" }, { type: "prepared" })).toEqual(ready);
    expect(paymentReducer({ phase: "preparing" }, { type: "unavailable" })).toEqual({ phase: "unavailable" });
    expect(paymentReducer({ phase: "preparing" }, { type: "submit" })).toEqual({ phase: "preparing" });
  });

  it("keeps the form after a declined card, with the reason, and confirms again with another", () => {
    const declined = paymentReducer(
      { phase: "confirming" },
      { type: "confirmed", result: { error: { type: "card_error", code: "card_declined", message: "Your card was declined." } } },
    );
    expect(declined).toEqual({ phase: "ready", failure: { reason: "declined", detail: "Your card was declined." } });
    expect(paymentReducer(declined, { type: "submit" })).toEqual({ phase: "confirming" });
  });

  it("goes on to check with the server once the card paid (after 3-D Secure too)", () => {
    for (const status of ["succeeded", "processing"]) {
      expect(paymentReducer({ phase: "confirming" }, { type: "confirmed", result: { paymentIntent: { id: "pi_1", status } } })).toEqual({
        phase: "verifying",
        attempt: 0,
      });
    }
  });

  it("does not take an unpaid intent for a payment", () => {
    const next = paymentReducer(
      { phase: "confirming" },
      { type: "confirmed", result: { paymentIntent: { id: "pi_1", status: "requires_payment_method" } } },
    );
    expect(next).toEqual({ phase: "ready", failure: { reason: "unknown", detail: "requires_payment_method" } });
  });

  it("is paid when the server says so, checks again while it waits, and gives up waiting after MAX_CHECKS", () => {
    expect(paymentReducer({ phase: "verifying", attempt: 0 }, { type: "checked", orderStatus: "paid" })).toEqual({ phase: "paid" });
    expect(paymentReducer({ phase: "verifying", attempt: 0 }, { type: "checked", orderStatus: "pending_payment" })).toEqual({
      phase: "verifying",
      attempt: 1,
    });
    expect(paymentReducer({ phase: "verifying", attempt: 2 }, { type: "checked", orderStatus: null })).toEqual({
      phase: "verifying",
      attempt: 3,
    });
    expect(paymentReducer({ phase: "verifying", attempt: MAX_CHECKS - 1 }, { type: "checked", orderStatus: "pending_payment" })).toEqual({
      phase: "slow",
    });
    expect(paymentReducer({ phase: "slow" }, { type: "checkAgain" })).toEqual({ phase: "verifying", attempt: 0 });
  });

  it("tells when the order ended before the payment landed", () => {
    expect(paymentReducer({ phase: "verifying", attempt: 1 }, { type: "checked", orderStatus: "expired" })).toEqual({
      phase: "ended",
      orderStatus: "expired",
    });
  });

  it("ignores a second submit while Stripe.js is at work", () => {
    expect(paymentReducer({ phase: "confirming" }, { type: "submit" })).toEqual({ phase: "confirming" });
  });
});

describe("classifyStripeError", () => {
  it.each([
    [{ type: "card_error", code: "card_declined" }, "declined"],
    [{ type: "card_error", code: "payment_intent_authentication_failure" }, "authentication"],
    [{ type: "validation_error", code: "incomplete_number" }, "incomplete"],
    [{ type: "api_connection_error" }, "network"],
    [{ type: "invalid_request_error" }, "unknown"],
  ] as const)("%j is %s", (error, reason) => {
    expect(classifyStripeError(error)).toBe(reason);
  });
});

describe("checkDelay", () => {
  it("checks at once, then waits longer each time up to 4 s", () => {
    expect([0, 1, 2, 3, 4, 5, 7].map(checkDelay)).toEqual([0, 1000, 2000, 3000, 4000, 4000, 4000]);
  });
});
