// The city report's URL state and figures: the filters as query parameters (shared links reopen the same report),
// export addresses, and shares as percentages.

export const FIRM_KINDS = [
  "social_enterprise",
  "pre_social",
  "cooperative",
  "social_cooperative",
  "village_enterprise",
  "self_sufficiency",
  "social_venture",
  "none",
] as const;
export const TABLES = ["districts", "months", "purchasing"] as const;
export type Table = (typeof TABLES)[number];

export interface CityQuery {
  from?: string;
  to?: string;
  district?: string;
  firm_kind?: string;
}

const NAMES = ["from", "to", "district", "firm_kind"] as const;

/** The query from the page's URL: only our parameters, blanks left out (the server validates the values). */
export function queryFrom(params: URLSearchParams): CityQuery {
  const query: CityQuery = {};
  for (const name of NAMES) {
    const value = params.get(name)?.trim();
    if (value) query[name] = value;
  }
  return query;
}

export function searchOf(query: CityQuery): string {
  const params = new URLSearchParams();
  for (const name of NAMES) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  return params.toString();
}

/** Where a table's export is: the officer's district endpoint, or the operators' city endpoint. */
export function exportHref(table: Table, format: "csv" | "xlsx", query: CityQuery, officerDistrict: string | null) {
  const { district, ...rest } = query;
  const params = new URLSearchParams(searchOf(officerDistrict ? rest : { ...rest, district }));
  params.set("table", table);
  const base = officerDistrict ? `/api/v1/reports/districts/${officerDistrict}` : "/api/v1/operator/reports/city";
  return `${base}/export.${format}?${params.toString()}`;
}

/** "0.1471" → "14.71%"; null → null. Exact to the server's 4 places (no binary rounding of the ratio). */
export function percent(share: string | null | undefined): string | null {
  if (share == null) return null;
  const negative = share.startsWith("-");
  const [whole = "0", fraction = ""] = share.replace("-", "").split(".");
  const digits = (whole + fraction.padEnd(4, "0").slice(0, 4)).replace(/^0+(?=\d{3})/, "");
  const padded = digits.padStart(3, "0");
  const value = `${padded.slice(0, -2)}.${padded.slice(-2)}`.replace(/^0+(?=\d)/, "");
  return `${negative ? "-" : ""}${value}%`;
}

/** "2025-03" → a month's first day, for Intl formatting. */
export function monthDate(month: string): Date {
  const [year, monthIndex] = month.split("-").map(Number);
  return new Date(Date.UTC(year!, monthIndex! - 1, 1));
}
