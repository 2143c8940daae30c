import { describe, expect, it } from "vitest";
import { payByCard, type CardPaymentResult, type StripeLike } from "./cardFlow";

function result(status: string, invoiceStatus = "open", extra: Partial<CardPaymentResult["payment"]> = {}): CardPaymentResult {
  return {
    invoice: { id: 1, status: invoiceStatus } as CardPaymentResult["invoice"],
    payment: { status, client_secret: null, last_error: null, ...extra },
  };
}

function stripe(overrides: Partial<StripeLike> = {}): StripeLike & { actions: string[] } {
  const actions: string[] = [];
  return {
    actions,
    createPaymentMethod: async () => {
      actions.push("createPaymentMethod");
      return { paymentMethod: { id: "pm_1" } };
    },
    handleCardAction: async (secret) => {
      actions.push(`handleCardAction ${secret}`);
      return {};
    },
    ...overrides,
  };
}

describe("payByCard", () => {
  it("confirms with the card's payment method and is paid", async () => {
    const posts: string[] = [];
    const outcome = await payByCard(stripe(), "card", async (pm) => {
      posts.push(pm);
      return result("succeeded", "paid");
    });
    expect(outcome.kind).toBe("paid");
    expect(posts).toEqual(["pm_1"]);
  });

  it("runs the card's authentication, then reads the payment back", async () => {
    const posts: string[] = [];
    const fake = stripe();
    const answers = [result("requires_action", "open", { client_secret: "pi_1_secret" }), result("succeeded", "paid")];
    const outcome = await payByCard(fake, "card", async (pm) => {
      posts.push(pm);
      return answers.shift()!;
    });
    expect(outcome.kind).toBe("paid");
    expect(posts).toEqual(["pm_1", ""]);
    expect(fake.actions).toEqual(["createPaymentMethod", "handleCardAction pi_1_secret"]);
  });

  it("stops with Stripe.js's message when the card is not taken, posting nothing", async () => {
    const posts: string[] = [];
    const outcome = await payByCard(
      stripe({ createPaymentMethod: async () => ({ error: { message: "카드 번호가 올바르지 않아요." } }) }),
      "card",
      async (pm) => {
        posts.push(pm);
        return result("succeeded", "paid");
      },
    );
    expect(outcome).toEqual({ kind: "failed", message: "카드 번호가 올바르지 않아요." });
    expect(posts).toEqual([]);
  });

  it("stops when the authentication fails, without reading back", async () => {
    const posts: string[] = [];
    const outcome = await payByCard(
      stripe({ handleCardAction: async () => ({ error: { message: "인증 실패" } }) }),
      "card",
      async (pm) => {
        posts.push(pm);
        return result("requires_action", "open", { client_secret: "s" });
      },
    );
    expect(outcome.kind).toBe("failed");
    expect(outcome.kind === "failed" && outcome.message).toBe("인증 실패");
    expect(posts).toEqual(["pm_1"]);
  });

  it("reports the gateway's last error when the payment did not go through", async () => {
    const outcome = await payByCard(stripe(), "card", async () => result("awaiting_payment_method", "open", { last_error: "잔액 부족" }));
    expect(outcome).toMatchObject({ kind: "failed", message: "잔액 부족" });
  });
});
