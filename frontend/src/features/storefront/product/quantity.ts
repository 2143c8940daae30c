// The quantity a buyer may put in the cart: a whole number from the product's minimum order up to its stock.
// The server checks the same rules (market.orders.services.cart_set_item); checking here first saves a trip
// and says what is wrong beside the field.

export interface QuantityLimits {
  minimum: number;
  stock: number;
}

export type QuantityProblem = "notNumber" | "belowMinimum" | "aboveStock" | "soldOut";

export type QuantityCheck = { ok: true; quantity: number } | { ok: false; problem: QuantityProblem };

export function checkQuantity(raw: string, { minimum, stock }: QuantityLimits): QuantityCheck {
  if (stock < minimum) return { ok: false, problem: "soldOut" };
  const text = raw.trim().replace(/,/g, "");
  if (!/^\d{1,9}$/.test(text)) return { ok: false, problem: "notNumber" };
  const quantity = Number(text);
  if (quantity < minimum) return { ok: false, problem: "belowMinimum" };
  if (quantity > stock) return { ok: false, problem: "aboveStock" };
  return { ok: true, quantity };
}

/** One step up or down from what is typed, kept within the limits (an unreadable value starts at the minimum). */
export function stepQuantity(raw: string, step: 1 | -1, { minimum, stock }: QuantityLimits): number {
  const current = Number(raw.trim().replace(/,/g, ""));
  const base = Number.isInteger(current) ? current : minimum;
  return Math.max(minimum, Math.min(stock, base + step));
}
