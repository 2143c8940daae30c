// The disclosure page's figures. Shares come as exact decimal strings ("0.0523"): turned into percentages by
// moving the decimal point, never through a float, so the reader sees the server's rounding.
import type { components } from "../../../api/schema";

export { percentFromDecimal as percent } from "../../../lib/format";

export type PublicDisclosures = components["schemas"]["PublicDisclosures"];
export type CityProgress = components["schemas"]["CityProgress"];
export type PublicDisclosure = components["schemas"]["PublicDisclosure"];
export type DisclosureYear = components["schemas"]["DisclosureYear"];

/** A year from the URL (?year=): four digits, else null (the server picks the newest published year). */
export function yearParam(value: string | null): number | null {
  return value && /^\d{4}$/.test(value) ? Number(value) : null;
}

/** The year picker's choices: the years anyone published, the year shown and this year, newest first, once each. */
export function yearChoices(published: readonly number[], shown: number, current: number): number[] {
  return [...new Set([...published, shown, current])].sort((a, b) => b - a);
}

export interface CityBar {
  key: string;
  year: number;
  value: number;
  /** The marketplace's own figure (computed), not one the city published. */
  computed: boolean;
}

/** The city's published actual years and the year shown (its marketplace total), oldest first. */
export function cityBars(city: CityProgress): CityBar[] {
  const actuals = city.actuals
    .filter((figure) => figure.year !== city.year)
    .map((figure) => ({ key: `actual-${figure.year}`, year: figure.year, value: figure.amount, computed: false }));
  return [...actuals, { key: `year-${city.year}`, year: city.year, value: city.counted, computed: true }].sort(
    (a, b) => a.year - b.year,
  );
}
