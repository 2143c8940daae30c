// Korean VAT on a quotation, as the server works it out (market/core/tax.py split_vat): prices include VAT, each
// line's amount is split into supply value (공급가액) and VAT (세액) in whole won, and a VAT-exempt (면세) line
// carries none. The form shows the same figures the server will store, so they are computed the same way.

export interface Split {
  supply: number;
  vat: number;
}

/**
 * Split a VAT-inclusive amount of won: supply = amount × 10 / 11 rounded half up, in integers
 * ((amount × 10 + 5) // 11), VAT the rest; exempt: all supply. A negative amount mirrors its positive.
 */
export function splitVat(amount: number, exempt: boolean): Split {
  if (!Number.isSafeInteger(amount)) throw new TypeError(`amount must be a whole number of won, not ${amount}`);
  if (exempt) return { supply: amount, vat: 0 };
  const sign = amount < 0 ? -1 : 1;
  const whole = sign * amount;
  const supply = Math.floor((whole * 10 + 5) / 11);
  return { supply: sign * supply || 0, vat: sign * (whole - supply) || 0 };
}

export interface PricedLine {
  /** VAT included; null while the seller has not given a usable price (nothing is counted for it). */
  unitPrice: number | null;
  quantity: number;
  vatExempt: boolean;
}

export interface LineFigures extends Split {
  total: number;
}

export interface QuotationFigures {
  lines: (LineFigures | null)[];
  supply: number;
  vat: number;
  total: number;
}

/** Each line's figures (null for a line without a price) and the quotation's totals: sums of the lines'. */
export function quotationFigures(lines: readonly PricedLine[]): QuotationFigures {
  const figures = lines.map((line) => {
    if (line.unitPrice == null) return null;
    const total = line.unitPrice * line.quantity;
    return { total, ...splitVat(total, line.vatExempt) };
  });
  const sum = (pick: (line: LineFigures) => number) => figures.reduce((acc, line) => acc + (line ? pick(line) : 0), 0);
  return { lines: figures, supply: sum((l) => l.supply), vat: sum((l) => l.vat), total: sum((l) => l.total) };
}

/** A typed unit price: a whole number of won of at least 1 (commas allowed), else null. */
export function parsePrice(text: string): number | null {
  const trimmed = text.replace(/[,\s]/g, "");
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value >= 1 ? value : null;
}
