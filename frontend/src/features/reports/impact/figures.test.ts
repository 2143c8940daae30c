import { describe, expect, it } from "vitest";
import { cardPageUrl, circulationBars, kindBars, percentOf, seriesBars, yearParam, type Impact } from "./figures";

const t = (key: string, options?: Record<string, unknown>) => (options ? `${key}:${JSON.stringify(options)}` : key);

function impact(overrides: Partial<Impact> = {}): Impact {
  return {
    gross: 86000,
    refunds: 30001,
    total: 55999,
    orders: 2,
    firms: 3,
    by_kind: [
      { kind: "social_enterprise", label: "사회적기업", amount: 27999 },
      { kind: "pre_social", label: "예비사회적기업", amount: 0 },
      { kind: "none", label: "해당 없음", amount: -2000 },
    ],
    circulation: { local: 27999, elsewhere: 30000, unknown: 0 },
    by_district: [],
    vulnerable: { weighted: 10950, declared: 25999, undeclared: 30000 },
    by_tag: [],
    series: [
      { key: 1, amount: -2000 },
      { key: 3, amount: 25000 },
    ],
    ...overrides,
  };
}

describe("impact figures", () => {
  it("reads only a four-digit year from 2000 to this year; anything else is all time", () => {
    expect(yearParam("2025", 2026)).toBe(2025);
    expect(yearParam("2026", 2026)).toBe(2026);
    for (const bad of [null, "", "2027", "1999", "２０２５", "25", "2025x"]) expect(yearParam(bad, 2026)).toBeNull();
  });

  it("rounds a share half up to one decimal in integers, and has none of nothing", () => {
    expect(percentOf(27999, 55999)).toBe("50.0");
    expect(percentOf(1, 3)).toBe("33.3");
    expect(percentOf(2, 3)).toBe("66.7");
    expect(percentOf(1, 8)).toBe("12.5");
    expect(percentOf(-1000, 4000)).toBe("-25.0");
    expect(percentOf(5, 0)).toBeNull();
  });

  it("charts the kinds with anything bought or given back, keeping a negative figure", () => {
    expect(kindBars(impact(), t).map((bar) => [bar.key, bar.value])).toEqual([
      ["social_enterprise", 27999],
      ["none", -2000],
    ]);
  });

  it("shows orders of an unknown district only when there are some", () => {
    expect(circulationBars(impact(), t).map((bar) => bar.key)).toEqual(["local", "elsewhere"]);
    const unknown = impact({ circulation: { local: 0, elsewhere: 0, unknown: 4000 } });
    expect(circulationBars(unknown, t).map((bar) => bar.key)).toEqual(["local", "elsewhere", "unknown"]);
  });

  it("labels the series by month within a year and by year over all time", () => {
    expect(seriesBars(impact(), 2025, t)[1]!.label).toBe('series.month:{"month":3}');
    expect(seriesBars(impact({ series: [{ key: 2024, amount: 4000 }] }), null, t)[0]!.label).toBe('series.year:{"year":2024}');
  });

  it("builds the public link from the token, escaped", () => {
    expect(cardPageUrl("https://gachi.example", "a_b-c")).toBe("https://gachi.example/impact/cards/a_b-c");
  });
});
