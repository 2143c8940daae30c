// A report period's names for a chart: the whole name in its table, a short one under its axis.

export type Granularity = "day" | "week" | "month";

/** The day `days` after an ISO date (UTC arithmetic on a calendar day: no time zone can shift it). */
function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A period's name in the table and its short name under the axis, in the UI's language. */
export function periodNames(period: string, granularity: Granularity, language: string): { label: string; tick: string } {
  const locale = language === "en" ? "en-US" : "ko-KR";
  const date = new Date(`${period}T00:00:00Z`);
  const day = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  if (granularity === "month") {
    const month = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" });
    const short = new Intl.DateTimeFormat(locale, { year: "2-digit", month: "numeric", timeZone: "UTC" });
    return { label: month.format(date), tick: short.format(date) };
  }
  const short = new Intl.DateTimeFormat(locale, { month: "numeric", day: "numeric", timeZone: "UTC" });
  if (granularity === "week") {
    const end = new Date(`${addDays(period, 6)}T00:00:00Z`);
    return { label: `${day.format(date)} – ${day.format(end)}`, tick: short.format(date) };
  }
  return { label: day.format(date), tick: short.format(date) };
}
