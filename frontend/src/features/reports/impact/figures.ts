// The value-consumption figures as the page shows them: which year the URL asks for, and the bars of each chart.
// Amounts are integers of won from the server; the only arithmetic here is the local share, in integers.
import type { components } from "../../../api/schema";
import type { Bar } from "../../../components/charts/BarChart";

export { percentOf } from "../../../lib/format";

export type MyImpact = components["schemas"]["MyImpact"];
export type OrderImpact = components["schemas"]["OrderImpact"];
export type Impact = Omit<MyImpact, "year" | "years">;
export type ImpactCard = components["schemas"]["ImpactCard"];
export type SharedFigures = components["schemas"]["ImpactSharedFigures"];

export const FIGURES = ["show_total", "show_kinds", "show_local", "show_vulnerable", "show_tags"] as const;
export type Figure = (typeof FIGURES)[number];

/** ?year= as a year the API accepts (four ASCII digits, not after this year), else null: all time. */
export function yearParam(value: string | null, current: number): number | null {
  if (!value || !/^\d{4}$/.test(value)) return null;
  const year = Number(value);
  return year >= 2000 && year <= current ? year : null;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Kinds with anything bought (or given back), in the server's order. */
export function kindBars(impact: Impact, t: Translate): Bar[] {
  return impact.by_kind
    .filter((row) => row.amount !== 0)
    .map((row) => ({ key: row.kind, label: t(`kind.${row.kind}`, { defaultValue: row.label }), value: row.amount }));
}

export function circulationBars(impact: Impact, t: Translate): Bar[] {
  const { local, elsewhere, unknown } = impact.circulation;
  const bars: Bar[] = [
    { key: "local", label: t("circulation.local"), value: local },
    { key: "elsewhere", label: t("circulation.elsewhere"), value: elsewhere },
  ];
  if (unknown !== 0) bars.push({ key: "unknown", label: t("circulation.unknown"), value: unknown });
  return bars;
}

export function districtBars(impact: Impact, language: string): Bar[] {
  return impact.by_district.map((d) => ({ key: d.code, label: language === "en" ? d.name_en : d.name_ko, value: d.amount }));
}

export function tagBars(impact: Impact, language: string): Bar[] {
  return impact.by_tag.map((tag) => ({ key: tag.slug, label: language === "en" ? tag.name_en : tag.name_ko, value: tag.amount }));
}

/** The series: months of a year (all twelve) or the years of all time. */
export function seriesBars(impact: Impact, year: number | null, t: Translate): Bar[] {
  return impact.series.map((point) => ({
    key: String(point.key),
    label: year === null ? t("series.year", { year: point.key }) : t("series.month", { month: point.key }),
    value: point.amount,
  }));
}

/** Where a shared card is seen, and its picture. */
export function cardPageUrl(origin: string, token: string): string {
  return `${origin}/impact/cards/${encodeURIComponent(token)}`;
}

export function cardImageUrl(token: string): string {
  return `/api/v1/impact-cards/${encodeURIComponent(token)}/card.png`;
}
