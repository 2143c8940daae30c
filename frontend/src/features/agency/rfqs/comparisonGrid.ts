// The comparison's answer laid out as a table: one column per quotation (the server's order, cheapest total
// first), one row per item, each cell that quotation's offer for the item or nothing. Which offer is cheapest is
// the server's word (only quotations still valid compete); this never recomputes it.
import type { Comparison, ComparisonItem, ComparisonQuotation } from "../api";

export type Offer = ComparisonItem["offers"][number];

export interface GridRow {
  item: ComparisonItem;
  /** One per column, in the same order: that quotation's offer for this item, or null when it quoted none. */
  cells: { quotation: ComparisonQuotation; offer: Offer | null }[];
}

export interface Grid {
  columns: ComparisonQuotation[];
  rows: GridRow[];
}

export function comparisonGrid(comparison: Comparison): Grid {
  const columns = comparison.quotations;
  const rows = comparison.items.map((item) => {
    const byQuotation = new Map(item.offers.map((offer) => [offer.quotation_id, offer]));
    return { item, cells: columns.map((quotation) => ({ quotation, offer: byQuotation.get(quotation.id) ?? null })) };
  });
  return { columns, rows };
}
