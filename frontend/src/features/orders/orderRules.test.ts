import { describe, expect, it } from "vitest";
import { CLAIM_REASON_MAX, validateClaim } from "./orderRules";

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
