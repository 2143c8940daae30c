import { describe, expect, it } from "vitest";
import { percent, yearChoices, yearFrom } from "./figures";

describe("percent", () => {
  it("moves the decimal point without rounding anything", () => {
    expect(percent("0.0523")).toBe("5.23");
    expect(percent("0.0500")).toBe("5.00");
    expect(percent("1.0000")).toBe("100.00");
    expect(percent("0.0001")).toBe("0.01");
    expect(percent("0.1235")).toBe("12.35");
    expect(percent("0")).toBe("0");
  });

  it("trims trailing zeros for a target rate", () => {
    expect(percent("0.0500", { trim: true })).toBe("5");
    expect(percent("0.0110", { trim: true })).toBe("1.1");
    expect(percent("0.0080", { trim: true })).toBe("0.8");
  });

  it("keeps what is no decimal as it came", () => {
    expect(percent("n/a")).toBe("n/a");
  });
});

describe("years", () => {
  it("offers this year and the four before, and an older year asked for", () => {
    expect(yearChoices(2026)).toEqual([2026, 2025, 2024, 2023, 2022]);
    expect(yearChoices(2026, 2019)).toEqual([2026, 2025, 2024, 2023, 2022, 2019]);
  });

  it("reads a four-digit year from the URL, else this one", () => {
    expect(yearFrom("2025", 2026)).toBe(2025);
    expect(yearFrom("25", 2026)).toBe(2026);
    expect(yearFrom(null, 2026)).toBe(2026);
  });
});
