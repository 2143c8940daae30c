// The performance report's figures as the page shows them. Shares and rates come as exact decimal strings
// ("0.0523"): they are turned into percentages by moving the decimal point, never through a float, so the
// server's rounding (4 places of the ratio, halves up) is what the reader sees.
import type { components } from "../../../api/schema";

export { percentFromDecimal as percent } from "../../../lib/format";

export type Performance = components["schemas"]["Performance"];
export type RegimeResult = components["schemas"]["RegimeResult"];
export type Breakdown = components["schemas"]["Breakdown"];

/** The years the page offers: this year and the four before it, newest first (and the one asked for, if older). */
export function yearChoices(current: number, asked?: number): number[] {
  const years = [0, 1, 2, 3, 4].map((back) => current - back);
  if (asked && !years.includes(asked)) years.push(asked);
  return years.sort((a, b) => b - a);
}

/** A year from the URL (?year=), else this one: four digits only. */
export function yearFrom(value: string | null, current: number): number {
  return value && /^\d{4}$/.test(value) ? Number(value) : current;
}
