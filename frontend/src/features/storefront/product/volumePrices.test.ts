import { describe, expect, it } from "vitest";
import { volumePriceRows } from "./volumePrices";

const TIERS = [
  { min_quantity: 50, unit_price: 8500 },
  { min_quantity: 10, unit_price: 9000 },
];

describe("volumePriceRows", () => {
  it("starts with the product's price, then each tier in quantity order", () => {
    expect(volumePriceRows(10000, TIERS, 1)).toEqual([
      { from: 1, unitPrice: 10000 },
      { from: 10, unitPrice: 9000 },
      { from: 50, unitPrice: 8500 },
    ]);
  });

  it("starts at the minimum order and leaves out what it passes", () => {
    expect(volumePriceRows(10000, TIERS, 5)).toEqual([
      { from: 5, unitPrice: 10000 },
      { from: 10, unitPrice: 9000 },
      { from: 50, unitPrice: 8500 },
    ]);
    // A minimum of exactly 10 buys at the 10+ price: the product's own price never applies.
    expect(volumePriceRows(10000, TIERS, 10)).toEqual([
      { from: 10, unitPrice: 9000 },
      { from: 50, unitPrice: 8500 },
    ]);
    expect(volumePriceRows(10000, TIERS, 60)).toEqual([{ from: 60, unitPrice: 8500 }]);
  });

  it("is the one price row without tiers", () => {
    expect(volumePriceRows(7000, [], 3)).toEqual([{ from: 3, unitPrice: 7000 }]);
  });
});
