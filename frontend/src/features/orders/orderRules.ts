// The order's types, and the claim form's own checks. What the buyer may do with an order or a part now (cancel,
// 구매확정, claim) is the server's answer: the API's can_cancel, can_confirm_purchase and can_claim, computed by
// the same rules its services refuse with (market/orders/rules.py). A refusal is still shown should the two
// disagree, say the window closed while the page was open.
import type { components } from "../../api/schema";

export type Order = components["schemas"]["Order"];
export type Fulfilment = components["schemas"]["Fulfilment"];

export const CLAIM_REASON_MAX = 500; // the claim's reason column (FulfilmentClaim.reason)

export type ClaimKind = "return" | "complaint";
export interface ClaimInput {
  kind: ClaimKind | "";
  reason: string;
}

/** The claim form's own checks, before the API's: a kind chosen, a reason given and not too long. */
export function validateClaim(input: ClaimInput): { kind?: "required"; reason?: "required" | "tooLong" } {
  const errors: { kind?: "required"; reason?: "required" | "tooLong" } = {};
  if (input.kind !== "return" && input.kind !== "complaint") errors.kind = "required";
  const reason = input.reason.trim();
  if (!reason) errors.reason = "required";
  else if (reason.length > CLAIM_REASON_MAX) errors.reason = "tooLong";
  return errors;
}
