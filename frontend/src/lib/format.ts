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
