import { describe, expect, it } from "vitest";
import { checkQuantity, stepQuantity } from "./quantity";

const limits = { minimum: 20, stock: 753 };

describe("checkQuantity", () => {
  it("accepts a whole number from the minimum order to the stock", () => {
    expect(checkQuantity("20", limits)).toEqual({ ok: true, quantity: 20 });
    expect(checkQuantity(" 753 ", limits)).toEqual({ ok: true, quantity: 753 });
    expect(checkQuantity("1,00", limits)).toEqual({ ok: true, quantity: 100 });
  });

  it("says what is wrong", () => {
    expect(checkQuantity("19", limits)).toEqual({ ok: false, problem: "belowMinimum" });
    expect(checkQuantity("754", limits)).toEqual({ ok: false, problem: "aboveStock" });
    expect(checkQuantity("", limits)).toEqual({ ok: false, problem: "notNumber" });
    expect(checkQuantity("2.5", limits)).toEqual({ ok: false, problem: "notNumber" });
    expect(checkQuantity("-3", limits)).toEqual({ ok: false, problem: "notNumber" });
    expect(checkQuantity("20", { minimum: 20, stock: 19 })).toEqual({ ok: false, problem: "soldOut" });
  });
});

describe("stepQuantity", () => {
  it("steps within the limits", () => {
    expect(stepQuantity("20", 1, limits)).toBe(21);
    expect(stepQuantity("20", -1, limits)).toBe(20);
    expect(stepQuantity("753", 1, limits)).toBe(753);
    expect(stepQuantity("abc", 1, limits)).toBe(21);
    expect(stepQuantity("5", 1, limits)).toBe(20);
  });
});
