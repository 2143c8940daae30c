import { describe, expect, it } from "vitest";
import { exportLinks, periodNames, queryFrom, searchOf, seriesColumns, shareOf, type SalesReport } from "./figures";

describe("queryFrom", () => {
  it("reads the period, granularity and channel from the URL", () => {
    const query = queryFrom(new URLSearchParams("from=2026-05-25&to=2026-06-14&granularity=week&channel=agency"));
    expect(query).toEqual({ from: "2026-05-25", to: "2026-06-14", granularity: "week", channel: "agency" });
  });

  it("drops what is no date or no choice, leaving the server's defaults", () => {
    const query = queryFrom(new URLSearchParams("from=2026-02-30&to=yesterday&granularity=hour&channel=shop"));
    expect(query).toEqual({ granularity: "month" });
    expect(queryFrom(new URLSearchParams("from=２０２６-01-01"))).toEqual({ granularity: "month" });
  });
});

describe("links", () => {
  it("writes the query in one order, without empty parameters", () => {
    expect(searchOf({ granularity: "day", to: "2026-06-14" })).toBe("to=2026-06-14&granularity=day");
  });

  it("gives the XLSX and each table's CSV for the shown period", () => {
    const links = exportLinks({ from: "2026-05-01", to: "2026-05-31", granularity: "week", channel: "citizen" });
    expect(links.xlsx).toBe(
      "/api/v1/seller/reports/sales/export.xlsx?from=2026-05-01&to=2026-05-31&granularity=week&channel=citizen",
    );
    expect(links.csv.products).toBe(
      "/api/v1/seller/reports/sales/export.csv?from=2026-05-01&to=2026-05-31&granularity=week&channel=citizen&table=products",
    );
    expect(Object.keys(links.csv)).toEqual(["series", "products", "channels", "districts"]);
  });
});

describe("periods", () => {
  it("names a week from its Monday to its Sunday, across a month's end", () => {
    const names = periodNames("2026-06-29", "week", "ko");
    expect(names.label).toBe("2026년 6월 29일 – 2026년 7월 5일");
    expect(names.tick).toBe("6. 29.");
    expect(periodNames("2026-06-29", "week", "en").label).toBe("June 29, 2026 – July 5, 2026");
  });

  it("names a month and a day in the UI's language", () => {
    expect(periodNames("2026-01-01", "month", "ko").label).toBe("2026년 1월");
    expect(periodNames("2026-01-01", "month", "en").label).toBe("January 2026");
    expect(periodNames("2026-03-09", "day", "en").tick).toBe("3/9");
  });

  it("turns the series into columns: sales up, refunds down", () => {
    const report = {
      granularity: "month",
      series: [
        { period: "2026-05-01", gross: 29_000, refunds: 0, net: 29_000, quantity: 3, lines: 2 },
        { period: "2026-06-01", gross: 146_000, refunds: 46_000, net: 100_000, quantity: 13, lines: 3 },
      ],
    } as unknown as SalesReport;
    expect(seriesColumns(report, "ko").map(({ key, up, down }) => ({ key, up, down }))).toEqual([
      { key: "2026-05-01", up: 29_000, down: 0 },
      { key: "2026-06-01", up: 146_000, down: 46_000 },
    ]);
  });
});

describe("shareOf", () => {
  it("is a percentage with one decimal, or null without a positive whole", () => {
    expect(shareOf(29_000, 129_000)).toBe("22.5");
    expect(shareOf(1, 3)).toBe("33.3");
    expect(shareOf(0, 0)).toBeNull();
    expect(shareOf(5, -10)).toBeNull();
  });
});
