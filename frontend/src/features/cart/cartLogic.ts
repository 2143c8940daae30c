import type { components } from "../../api/schema";

export type CartLine = components["schemas"]["CartLine"];

export interface FirmGroup {
  firmId: number;
  firmName: string;
  lines: CartLine[];
  /** What this firm's part costs: lines that can be bought now (the API's items_total counts the same). */
  subtotal: number;
  /** Lines that cannot be bought as they are (stopped selling, stock, minimum order). */
  unavailable: number;
}

/** Cart lines by firm (each firm ships its own part), firms in the order their first product was added. */
export function groupByFirm(lines: CartLine[]): FirmGroup[] {
  const groups = new Map<number, FirmGroup>();
  for (const line of lines) {
    let group = groups.get(line.firm_id);
    if (!group) {
      group = { firmId: line.firm_id, firmName: line.firm_name, lines: [], subtotal: 0, unavailable: 0 };
      groups.set(line.firm_id, group);
    }
    group.lines.push(line);
    if (line.available) group.subtotal += line.line_total;
    else group.unavailable += 1;
  }
  return [...groups.values()];
}

export type QuantityCheck =
  | { ok: true; quantity: number }
  | { ok: false; problem: "notWhole" | "belowMinimum" | "aboveStock" };

/** The quantity typed for a line, checked against the product's minimum order and stock before asking the API. */
export function checkLineQuantity(text: string, line: Pick<CartLine, "min_order_quantity" | "stock">): QuantityCheck {
  const trimmed = text.trim();
  if (!/^[0-9]+$/.test(trimmed)) return { ok: false, problem: "notWhole" };
  const quantity = Number(trimmed);
  if (quantity < Math.max(line.min_order_quantity, 1)) return { ok: false, problem: "belowMinimum" };
  if (quantity > line.stock) return { ok: false, problem: "aboveStock" };
  return { ok: true, quantity };
}

export type PriceTier = CartLine["price_tiers"][number];

/** Whether the server priced the line below the product's own price (a volume price applies at its quantity). */
export function hasVolumePrice(line: Pick<CartLine, "unit_price" | "base_price">): boolean {
  return line.unit_price < line.base_price;
}

/**
 * The next volume price the buyer could reach from the line's quantity within the stock, or null: a hint
 * ("10개 이상이면 개당 9,000원"); what a quantity costs is always the server's answer for it.
 */
export function nextVolumePrice(line: Pick<CartLine, "price_tiers" | "quantity" | "stock">): PriceTier | null {
  const ahead = line.price_tiers
    .filter((tier) => tier.min_quantity > line.quantity && tier.min_quantity <= line.stock)
    .sort((a, b) => a.min_quantity - b.min_quantity);
  return ahead[0] ?? null;
}
