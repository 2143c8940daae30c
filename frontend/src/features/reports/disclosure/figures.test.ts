import { describe, expect, it } from "vitest";
import { cityBars, percent, yearChoices, yearParam, type CityProgress } from "./figures";

const city: CityProgress = {
  year: 2024,
  counted_as: "social_economy",
  counted: 187_000,
  marketplace_total: 187_000,
  total_purchasing: 3_000_000,
  share: "0.0623",
  goal_amount: 200_000_000_000,
  goal_share: "0.0500",
  goal_progress: "0.0000",
  actuals: [
    { year: 2017, amount: 130_000_000_000 },
    { year: 2012, amount: 50_000_000_000 },
  ],
};

describe("percent", () => {
  it("moves the decimal point without rounding again", () => {
    expect(percent("0.0623")).toBe("6.23");
    expect(percent("0.0500", { trim: true })).toBe("5");
    expect(percent("1.0000")).toBe("100.00");
    expect(percent("0.0005")).toBe("0.05");
    expect(percent("-0.0110", { trim: true })).toBe("-1.1");
    expect(percent("n/a")).toBe("n/a");
  });
});

describe("the year", () => {
  it("takes four digits from the URL or leaves it to the server", () => {
    expect(yearParam("2024")).toBe(2024);
    expect(yearParam("24")).toBeNull();
    expect(yearParam("2024x")).toBeNull();
    expect(yearParam(null)).toBeNull();
  });
  it("offers the published years, the one shown and this one, newest first", () => {
    expect(yearChoices([2024, 2023], 2022, 2026)).toEqual([2026, 2024, 2023, 2022]);
    expect(yearChoices([], 2026, 2026)).toEqual([2026]);
  });
});

describe("cityBars", () => {
  it("puts the city's published years before the year's marketplace total", () => {
    expect(cityBars(city)).toEqual([
      { key: "actual-2012", year: 2012, value: 50_000_000_000, computed: false },
      { key: "actual-2017", year: 2017, value: 130_000_000_000, computed: false },
      { key: "year-2024", year: 2024, value: 187_000, computed: true },
    ]);
  });
  it("shows the marketplace's figure, not a published one, for a year the city also published", () => {
    const bars = cityBars({ ...city, year: 2017 });
    expect(bars.map((bar) => [bar.year, bar.computed])).toEqual([
      [2012, false],
      [2017, true],
    ]);
  });
});
