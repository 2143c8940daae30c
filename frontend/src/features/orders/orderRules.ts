// What the buyer may do with an order or a part, to decide which buttons to show. The server decides for real
// (market/orders/services.py: fulfilment_confirm_purchase, claim_open; api/v1/orders.py OrderCancel) and its
// refusal is shown when the two disagree (say the window closed while the page was open).
import type { components } from "../../api/schema";

export type Order = components["schemas"]["Order"];
export type Fulfilment = components["schemas"]["Fulfilment"];

export function canCancel(order: Pick<Order, "status">): boolean {
  return order.status === "pending_payment";
}

/** 구매확정: a delivered part with no return or complaint open. */
export function canConfirmPurchase(part: Pick<Fulfilment, "status">): boolean {
  return part.status === "delivered";
}

/** A return or complaint: once per part, on a delivered part, before it is confirmed automatically. */
export function canClaim(part: Pick<Fulfilment, "status" | "claims" | "auto_confirm_at">, now: Date): boolean {
  if (part.status !== "delivered") return false;
  if (part.claims.some((claim) => claim.kind !== "refund")) return false;
  return part.auto_confirm_at === null || new Date(part.auto_confirm_at) > now;
}

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
