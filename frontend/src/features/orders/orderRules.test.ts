import { describe, expect, it } from "vitest";
import { canCancel, canClaim, canConfirmPurchase, CLAIM_REASON_MAX, validateClaim, type Fulfilment } from "./orderRules";

const now = new Date("2026-12-01T12:00:00+09:00");

function part(overrides: Partial<Fulfilment>): Pick<Fulfilment, "status" | "claims" | "auto_confirm_at"> {
  return { status: "delivered", claims: [], auto_confirm_at: "2026-12-05T12:00:00+09:00", ...overrides };
}

const claim = (kind: string) => ({
  id: 1,
  fulfilment_id: 1,
  kind,
  status: "open",
  reason: "깨져서 왔어요",
  opened_at: "2026-11-30T10:00:00+09:00",
  resolved_at: null,
  resolution_note: "",
  refund_amount: 0,
});

describe("canConfirmPurchase", () => {
  it.each([
    ["delivered", true],
    ["shipped", false],
    ["claimed", false],
    ["purchase_confirmed", false],
    ["pending", false],
  ])("%s → %s", (status, expected) => {
    expect(canConfirmPurchase({ status })).toBe(expected);
  });
});

describe("canClaim", () => {
  it("allows a delivered part within its window", () => {
    expect(canClaim(part({}), now)).toBe(true);
    expect(canClaim(part({ auto_confirm_at: null }), now)).toBe(true);
  });

  it("refuses once the automatic confirmation time has come", () => {
    expect(canClaim(part({ auto_confirm_at: "2026-12-01T12:00:00+09:00" }), now)).toBe(false);
  });

  it("refuses a second claim, but an operator's refund is no claim of the buyer's", () => {
    expect(canClaim(part({ claims: [claim("complaint")] }), now)).toBe(false);
    expect(canClaim(part({ claims: [claim("refund")] }), now)).toBe(true);
  });

  it("refuses parts that are not delivered or already settled", () => {
    for (const status of ["pending", "confirmed", "shipped", "claimed", "purchase_confirmed", "returned", "cancelled"]) {
      expect(canClaim(part({ status }), now)).toBe(false);
    }
  });
});

describe("canCancel", () => {
  it("only an unpaid order", () => {
    expect(canCancel({ status: "pending_payment" })).toBe(true);
    expect(canCancel({ status: "paid" })).toBe(false);
    expect(canCancel({ status: "cancelled" })).toBe(false);
  });
});

describe("validateClaim", () => {
  it("accepts a kind and a reason", () => {
    expect(validateClaim({ kind: "return", reason: "상자가 젖어서 왔어요" })).toEqual({});
    expect(validateClaim({ kind: "complaint", reason: "x".repeat(CLAIM_REASON_MAX) })).toEqual({});
  });

  it("asks for the kind and a reason that is not blank", () => {
    expect(validateClaim({ kind: "", reason: "   " })).toEqual({ kind: "required", reason: "required" });
  });

  it("refuses a reason longer than the column, counting what is sent (trimmed)", () => {
    expect(validateClaim({ kind: "return", reason: "x".repeat(CLAIM_REASON_MAX + 1) })).toEqual({ reason: "tooLong" });
    expect(validateClaim({ kind: "return", reason: ` ${"x".repeat(CLAIM_REASON_MAX)} ` })).toEqual({});
  });
});
