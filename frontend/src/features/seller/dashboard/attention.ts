// What needs a seller's attention, read from what the API says (is_public, hidden_reason, in_stock, the firm's
// verification and designations). The rules themselves live on the server; this only names the reason.
import type { components } from "../../../api/schema";

type SellerProduct = components["schemas"]["SellerProduct"];
type FirmPrivate = components["schemas"]["FirmPrivate"];
type Designation = components["schemas"]["Designation"];

export type ListingProblem =
  | { code: "draft" }
  | { code: "hidden" }
  | { code: "firm_pending" }
  | { code: "firm_rejected"; detail: string }
  /** The firm holds no valid designation (none, lapsed, revoked or unconfirmed): the server's words. */
  | { code: "designation"; detail: string }
  /** Public, but fewer in stock than the minimum order: nobody can buy it. */
  | { code: "out_of_stock" };

export function listingProblem(
  product: Pick<SellerProduct, "is_public" | "hidden_reason" | "status" | "in_stock">,
  firm: Pick<FirmPrivate, "verification_status" | "rejection_reason"> | undefined,
): ListingProblem | null {
  if (!product.is_public) {
    if (product.status === "draft") return { code: "draft" };
    if (product.status === "hidden") return { code: "hidden" };
    if (firm?.verification_status === "pending") return { code: "firm_pending" };
    if (firm?.verification_status === "rejected") return { code: "firm_rejected", detail: firm.rejection_reason ?? "" };
    return { code: "designation", detail: product.hidden_reason };
  }
  if (!product.in_stock) return { code: "out_of_stock" };
  return null;
}

/** Today's date in Seoul as YYYY-MM-DD (designations run by Korean calendar days). */
export function seoulToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(now);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface DesignationAttention {
  /** No designation is valid today (the server's is_valid): the firm's listings are hidden. */
  missing: boolean;
  /** Valid today and ending within the window, soonest first, with the days left (0 = ends today). */
  expiring: { designation: Designation; daysLeft: number }[];
  /** Declared and waiting for an operator's confirmation. */
  pending: Designation[];
}

export const EXPIRY_WINDOW_DAYS = 60;

export function designationAttention(
  designations: readonly Designation[],
  today: string = seoulToday(),
  windowDays: number = EXPIRY_WINDOW_DAYS,
): DesignationAttention {
  const valid = designations.filter((designation) => designation.is_valid);
  const expiring = valid
    .filter((designation) => designation.end_date)
    .map((designation) => ({ designation, daysLeft: daysBetween(today, designation.end_date as string) }))
    .filter(({ daysLeft }) => daysLeft >= 0 && daysLeft <= windowDays)
    .sort((a, b) => a.daysLeft - b.daysLeft);
  return {
    missing: valid.length === 0,
    expiring,
    pending: designations.filter((designation) => designation.status === "pending"),
  };
}
