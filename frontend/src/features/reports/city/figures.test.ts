import { describe, expect, it } from "vitest";
import { exportHref, percent, queryFrom, searchOf } from "./figures";

describe("city report figures", () => {
  it("shows the server's 4-place shares as percentages, exactly", () => {
    expect(percent("0.1471")).toBe("14.71%");
    expect(percent("4.0000")).toBe("400.00%");
    expect(percent("0.0000")).toBe("0.00%");
    expect(percent("0.0500")).toBe("5.00%");
    expect(percent("1.4750")).toBe("147.50%");
    expect(percent("-0.2500")).toBe("-25.00%");
    expect(percent(null)).toBeNull();
  });

  it("keeps only its own parameters, and exports from the scope's endpoint", () => {
    const query = queryFrom(new URLSearchParams("from=2025-01-01&to=&district=11440&firm_kind=pre_social&x=1"));
    expect(query).toEqual({ from: "2025-01-01", district: "11440", firm_kind: "pre_social" });
    expect(searchOf(query)).toBe("from=2025-01-01&district=11440&firm_kind=pre_social");
    expect(exportHref("months", "csv", query, null)).toBe(
      "/api/v1/operator/reports/city/export.csv?from=2025-01-01&district=11440&firm_kind=pre_social&table=months",
    );
    // An officer's export is their district's, whatever the query names.
    expect(exportHref("districts", "xlsx", { ...query, district: "11110" }, "11440")).toBe(
      "/api/v1/reports/districts/11440/export.xlsx?from=2025-01-01&firm_kind=pre_social&table=districts",
    );
  });
});
