import { describe, expect, it } from "vitest";
import { parsePrice, quotationFigures, splitVat } from "./vat";

/** The server's rule written out independently: supply = amount / 1.1 rounded half up, on exact rationals. */
function reference(amount: number): { supply: number; vat: number } {
  // amount * 10 / 11 = q + r/11; half up when r/11 >= 1/2, i.e. 2r >= 11.
  const q = Math.floor((amount * 10) / 11);
  const r = amount * 10 - q * 11;
  const supply = 2 * r >= 11 ? q + 1 : q;
  return { supply, vat: amount - supply };
}

describe("splitVat", () => {
  it("matches the server's examples", () => {
    expect(splitVat(11_000, false)).toEqual({ supply: 10_000, vat: 1_000 });
    expect(splitVat(15_000, false)).toEqual({ supply: 13_636, vat: 1_364 });
    expect(splitVat(1_100, false)).toEqual({ supply: 1_000, vat: 100 });
    expect(splitVat(0, false)).toEqual({ supply: 0, vat: 0 });
  });

  it("rounds halves up, like (amount * 10 + 5) // 11, for every amount to 5,000", () => {
    for (let amount = 0; amount <= 5_000; amount++) {
      const split = splitVat(amount, false);
      expect(split, `amount ${amount}`).toEqual(reference(amount));
      expect(split.supply + split.vat).toBe(amount);
    }
  });

  it("splits large amounts exactly (a 50,000,000 won order)", () => {
    expect(splitVat(50_000_000, false)).toEqual({ supply: 45_454_545, vat: 4_545_455 });
    expect(splitVat(999_999_999, false)).toEqual(reference(999_999_999));
  });

  it("gives an exempt line no VAT", () => {
    expect(splitVat(15_000, true)).toEqual({ supply: 15_000, vat: 0 });
  });

  it("mirrors a negative amount", () => {
    expect(splitVat(-15_000, false)).toEqual({ supply: -13_636, vat: -1_364 });
  });

  it("refuses fractions of a won", () => {
    expect(() => splitVat(10.5, false)).toThrow(TypeError);
  });
});

describe("quotationFigures", () => {
  it("splits each line and sums the lines (not the total split again)", () => {
    const figures = quotationFigures([
      { unitPrice: 1_500, quantity: 10, vatExempt: false }, // 15,000 -> 13,636 + 1,364
      { unitPrice: 2_000, quantity: 3, vatExempt: true }, // 6,000 exempt
      { unitPrice: 7, quantity: 1, vatExempt: false }, // 7 -> 6 + 1
    ]);
    expect(figures.lines).toEqual([
      { total: 15_000, supply: 13_636, vat: 1_364 },
      { total: 6_000, supply: 6_000, vat: 0 },
      { total: 7, supply: 6, vat: 1 },
    ]);
    expect(figures).toMatchObject({ supply: 19_642, vat: 1_365, total: 21_007 });
    // Splitting the 15,007 taxable total at once would give 13,643 + 1,364: one won off the sum of lines.
    expect(splitVat(15_007, false)).toEqual({ supply: 13_643, vat: 1_364 });
  });

  it("counts nothing for a line without a price", () => {
    const figures = quotationFigures([
      { unitPrice: null, quantity: 5, vatExempt: false },
      { unitPrice: 1_100, quantity: 2, vatExempt: false },
    ]);
    expect(figures.lines[0]).toBeNull();
    expect(figures).toMatchObject({ supply: 2_000, vat: 200, total: 2_200 });
  });
});

describe("parsePrice", () => {
  it("reads whole won with or without commas", () => {
    expect(parsePrice("12,000")).toBe(12_000);
    expect(parsePrice(" 950 ")).toBe(950);
  });

  it("gives null for anything the server would refuse", () => {
    for (const text of ["", "0", "-5", "12.5", "12원", "abc"]) expect(parsePrice(text), text).toBeNull();
  });
});
