// Money and dates the Korean way: 15,000원, 2026년 12월 1일. KRW has no minor unit.
import i18n from "../i18n";

const wonFormatter = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 0 });

/** 15000 → "15,000원" (in English too: the currency is always won). */
export function formatWon(amount: number): string {
  return `${wonFormatter.format(amount)}원`;
}

/** "2026-12-01" or an ISO timestamp → "2026년 12월 1일" (Korean) / "Dec 1, 2026" (English). */
export function formatDate(value: string | Date): string {
  const date = typeof value === "string" ? parseDate(value) : value;
  return new Intl.DateTimeFormat(i18n.language === "en" ? "en-US" : "ko-KR", {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "Asia/Seoul",
  }).format(date);
}

/** With the time: "2026년 12월 1일 오후 3:05". */
export function formatDateTime(value: string | Date): string {
  const date = typeof value === "string" ? parseDate(value) : value;
  return new Intl.DateTimeFormat(i18n.language === "en" ? "en-US" : "ko-KR", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Asia/Seoul",
  }).format(date);
}

// A bare date (YYYY-MM-DD) is a calendar day in Seoul, not UTC midnight.
function parseDate(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+09:00`) : new Date(value);
}

export function formatNumber(value: number): string {
  return wonFormatter.format(value);
}

/**
 * An exact decimal share as the server sends it ("0.0523") → a percentage ("5.23"): the decimal point moved two
 * places in the string, never through a float, so the reader sees the server's rounding. Trailing zeros kept
 * unless `trim`; anything else is returned as it is.
 */
export function percentFromDecimal(decimal: string, { trim = false }: { trim?: boolean } = {}): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) return decimal;
  const [, sign, whole, fraction = ""] = match;
  const digits = `${whole}${fraction.padEnd(2, "0")}`;
  const point = whole!.length + 2;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  let rest = digits.slice(point);
  if (trim) rest = rest.replace(/0+$/, "");
  return `${sign}${integer}${rest ? `.${rest}` : ""}`;
}

/** `part` of `total` as a percentage with one decimal ("40.5"), rounded half up in integers; null when total ≤ 0. */
export function percentOf(part: number, total: number): string | null {
  if (total <= 0) return null;
  const tenths = Math.floor((part * 1000 + Math.floor(total / 2)) / total);
  const sign = tenths < 0 ? "-" : "";
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`;
}
