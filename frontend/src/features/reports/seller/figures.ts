// The seller's sales report's logic without React: what the URL asks for, the chart's columns, the export links.
// The server checks the filters (market/reports/filters.py) and answers a 400 naming the parameter; here only
// what keeps the form honest before asking (a date that is no date is dropped, not sent).
import type { components } from "../../../api/schema";
import type { Column } from "../../../components/charts/ColumnChart";
import { periodNames, type Granularity } from "../../../components/charts/periods";

export { periodNames, type Granularity };

export type SalesReport = components["schemas"]["SellerSalesReport"];
export type Channel = "citizen" | "agency";

export const GRANULARITIES: readonly Granularity[] = ["day", "week", "month"];
export const CHANNELS: readonly Channel[] = ["citizen", "agency"];
export const TABLES = ["series", "products", "channels", "districts"] as const;

export interface ReportQuery {
  from?: string;
  to?: string;
  granularity: Granularity;
  channel?: Channel;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string | null): value is string {
  if (!value || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The report the URL asks for: month by default; a missing or malformed date is left to the server's default. */
export function queryFrom(params: URLSearchParams): ReportQuery {
  const granularity = params.get("granularity");
  const channel = params.get("channel");
  const from = params.get("from");
  const to = params.get("to");
  return {
    granularity: GRANULARITIES.includes(granularity as Granularity) ? (granularity as Granularity) : "month",
    ...(isDate(from) ? { from } : {}),
    ...(isDate(to) ? { to } : {}),
    ...(CHANNELS.includes(channel as Channel) ? { channel: channel as Channel } : {}),
  };
}

/** The query as URL parameters (no empty ones), in a fixed order so a link is the same however it was made. */
export function searchOf(query: ReportQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  params.set("granularity", query.granularity);
  if (query.channel) params.set("channel", query.channel);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

const EXPORT_BASE = "/api/v1/seller/reports/sales/export";

/** Download links for the shown report: the XLSX (every table) and each table's CSV. */
export function exportLinks(query: ReportQuery): { xlsx: string; csv: Record<(typeof TABLES)[number], string> } {
  const csv = Object.fromEntries(
    TABLES.map((table) => [table, `${EXPORT_BASE}.csv?${searchOf(query, { table })}`]),
  ) as Record<(typeof TABLES)[number], string>;
  return { xlsx: `${EXPORT_BASE}.xlsx?${searchOf(query)}`, csv };
}

/** The series as the chart's columns: sales up, refunds down. */
export function seriesColumns(report: SalesReport, language: string): Column[] {
  const granularity = report.granularity as Granularity;
  return report.series.map((entry) => ({
    key: entry.period,
    ...periodNames(entry.period, granularity, language),
    up: entry.gross,
    down: entry.refunds,
  }));
}

/** A part of a whole as a percentage with one decimal ("12.5"), or null when the whole is not above zero. */
export function shareOf(part: number, whole: number): string | null {
  if (whole <= 0) return null;
  return ((Math.round((part / whole) * 1000) / 10).toFixed(1));
}
