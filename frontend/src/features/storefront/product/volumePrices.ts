import type { Product } from "../queries";

export type PriceTier = Product["price_tiers"][number];

export interface PriceRow {
  /** From this many units up (until the next row). */
  from: number;
  unitPrice: number;
}

/**
 * The unit prices a buyer can pay, from the minimum order up, as the server charges them: the product's price
 * until its first tier, then each tier's. A row the minimum order already passes is left out, and the first
 * row starts at the minimum order.
 */
export function volumePriceRows(price: number, tiers: readonly PriceTier[], minimum: number): PriceRow[] {
  const rows: PriceRow[] = [
    { from: 1, unitPrice: price },
    ...[...tiers].sort((a, b) => a.min_quantity - b.min_quantity).map((tier) => ({ from: tier.min_quantity, unitPrice: tier.unit_price })),
  ];
  const least = Math.max(minimum, 1);
  return rows
    .filter((_, index) => {
      const next = rows[index + 1];
      return next === undefined || next.from > least;
    })
    .map((row) => ({ from: Math.max(row.from, least), unitPrice: row.unitPrice }));
}
