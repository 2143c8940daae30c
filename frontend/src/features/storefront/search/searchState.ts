// The search page's whole state lives in the URL (/search?q=...&district=...&page=2), so a search can be shared,
// reloaded and walked with the back button. The URL uses the API's own parameter names; this module reads it
// into a typed state, writes it back (defaults left out, a stable order) and turns it into the API's query.
import type { components, operations } from "../../../api/schema";

export type Sort = NonNullable<NonNullable<operations["v1_search_products_retrieve"]["parameters"]["query"]>["sort"]>;
export type FirmKind = components["schemas"]["FirmKindEnum"];
export type SviGrade = components["schemas"]["SviGradeEnum"];
export type AppliedFilter = components["schemas"]["AppliedFilter"];

export const SORTS: readonly Sort[] = ["relevance", "price", "-price", "newest"];
export const FIRM_KINDS: readonly FirmKind[] = [
  "social_enterprise",
  "pre_social_regional",
  "pre_social_ministry",
  "cooperative",
  "social_cooperative",
  "village_enterprise",
  "self_sufficiency",
  "social_venture",
];
export const SVI_GRADES: readonly SviGrade[] = ["outstanding", "excellent", "good", "insufficient", "weak"];
export const PAGE_SIZE = 20;
// The API refuses page × page_size beyond its result window (search.backends.base.MAX_RESULT_WINDOW).
export const MAX_RESULT_WINDOW = 10_000;
export const MAX_PAGE = Math.floor(MAX_RESULT_WINDOW / PAGE_SIZE);
// The API's query limit (search.backends.base.MAX_QUERY_LENGTH): longer queries are refused with a 400.
export const MAX_QUERY_LENGTH = 100;

export type ListFacet = "district" | "firm_kind" | "tags" | "svi_grade";

export interface SearchState {
  q: string;
  /** A category slug (or id); the API includes its subcategories. */
  category: string | null;
  district: string[];
  firm_kind: FirmKind[];
  tags: string[];
  svi_grade: SviGrade[];
  price_min: number | null;
  price_max: number | null;
  /** Only products one can order now; false means no filter (not "sold out only"). */
  in_stock: boolean;
  sort: Sort;
  page: number;
}

export const EMPTY_SEARCH: SearchState = {
  q: "",
  category: null,
  district: [],
  firm_kind: [],
  tags: [],
  svi_grade: [],
  price_min: null,
  price_max: null,
  in_stock: false,
  sort: "relevance",
  page: 1,
};

const DISTRICT_CODE = /^\d{5}$/;
const SLUG = /^[\w-]{1,100}$/;

function list(params: URLSearchParams, key: string): string[] {
  // Both district=a,b and district=a&district=b are read; values are kept once, in the order given.
  const values = params
    .getAll(key)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
  return [...new Set(values)];
}

function won(value: string | null): number | null {
  if (value == null || !/^\d{1,12}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** Read the URL's query string. Values the API would refuse (unknown kinds, bad numbers) are dropped. */
export function parseSearch(params: URLSearchParams): SearchState {
  const sort = params.get("sort") as Sort | null;
  const page = Number(params.get("page"));
  let price_min = won(params.get("price_min"));
  let price_max = won(params.get("price_max"));
  if (price_min != null && price_max != null && price_min > price_max) [price_min, price_max] = [price_max, price_min];
  const category = params.get("category")?.trim() || null;
  return {
    q: (params.get("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH),
    category: category && SLUG.test(category) ? category : null,
    district: list(params, "district").filter((code) => DISTRICT_CODE.test(code)),
    firm_kind: list(params, "firm_kind").filter((kind): kind is FirmKind => FIRM_KINDS.includes(kind as FirmKind)),
    tags: list(params, "tags").filter((slug) => SLUG.test(slug)),
    svi_grade: list(params, "svi_grade").filter((grade): grade is SviGrade => SVI_GRADES.includes(grade as SviGrade)),
    price_min,
    price_max,
    in_stock: params.get("in_stock") === "true",
    sort: sort && SORTS.includes(sort) ? sort : "relevance",
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** Write the state as a query string: defaults left out, keys in one order, so equal states give equal URLs. */
export function serializeSearch(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("q", state.q.trim());
  if (state.category) params.set("category", state.category);
  for (const key of ["district", "firm_kind", "tags", "svi_grade"] as const) {
    if (state[key].length) params.set(key, state[key].join(","));
  }
  if (state.price_min != null) params.set("price_min", String(state.price_min));
  if (state.price_max != null) params.set("price_max", String(state.price_max));
  if (state.in_stock) params.set("in_stock", "true");
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

/** The link to a search: "/search?q=떡&district=11440". */
export function searchHref(state: Partial<SearchState>): string {
  const query = serializeSearch({ ...EMPTY_SEARCH, ...state }).toString();
  return query ? `/search?${query}` : "/search";
}

export type SearchQuery = NonNullable<operations["v1_search_products_retrieve"]["parameters"]["query"]>;

/** The API's query for this state (GET /api/v1/search/products/). */
export function toApiQuery(state: SearchState): SearchQuery {
  const query: SearchQuery = { page: state.page, page_size: PAGE_SIZE };
  if (state.q) query.q = state.q;
  if (state.category) query.category = state.category;
  if (state.district.length) query.district = state.district.join(",");
  if (state.firm_kind.length) query.firm_kind = state.firm_kind.join(",");
  if (state.tags.length) query.tags = state.tags.join(",");
  if (state.svi_grade.length) query.svi_grade = state.svi_grade.join(",");
  if (state.price_min != null) query.price_min = state.price_min;
  if (state.price_max != null) query.price_max = state.price_max;
  if (state.in_stock) query.in_stock = true;
  if (state.sort !== "relevance") query.sort = state.sort;
  return query;
}

// --- changes (each starts again from page 1, since the results change) --------------------------------------

/** The state after a change of filters or sort: always back on page 1. */
export function withChange(state: SearchState, change: Partial<SearchState>): SearchState {
  return { ...state, ...change, page: change.page ?? 1 };
}

/** Understood district filters (what the query said in words, e.g. "마포 떡" → 마포구). */
export function understoodDistricts(applied: readonly AppliedFilter[]): AppliedFilter[] {
  return applied.filter((filter) => filter.field === "district" && typeof filter.value === "string");
}

/** Is this facet value in force, whether picked from the facets or understood from the query? */
export function isFacetValueOn(
  state: SearchState,
  facet: ListFacet,
  value: string,
  applied: readonly AppliedFilter[] = [],
): boolean {
  if ((state[facet] as string[]).includes(value)) return true;
  return facet === "district" && understoodDistricts(applied).some((filter) => filter.value === value);
}

/**
 * Tick or untick a facet value. Unticking a district the query asked for in words ("마포 떡") takes those words
 * out of the query (the API's `query_without`), because otherwise the search would understand it again.
 */
export function toggleFacetValue(
  state: SearchState,
  facet: ListFacet,
  value: string,
  applied: readonly AppliedFilter[] = [],
): SearchState {
  const current = state[facet] as string[];
  if (!isFacetValueOn(state, facet, value, applied)) {
    return withChange(state, { [facet]: [...current, value] });
  }
  let next = withChange(state, { [facet]: current.filter((item) => item !== value) });
  if (facet === "district") {
    const understood = understoodDistricts(applied).find((filter) => filter.value === value);
    if (understood) next = { ...next, q: understood.query_without };
  }
  return next;
}

export interface PriceBucket {
  key: string;
  from: number | null;
  /** Exclusive, as the API counts its price facet. */
  to: number | null;
}

/** A price bucket as a filter: price_max is inclusive in the API, the bucket's `to` exclusive. */
export function priceBucketRange(bucket: PriceBucket): { price_min: number | null; price_max: number | null } {
  return { price_min: bucket.from, price_max: bucket.to == null ? null : bucket.to - 1 };
}

export function isPriceBucketOn(state: SearchState, bucket: PriceBucket): boolean {
  const range = priceBucketRange(bucket);
  return (
    (state.price_min != null || state.price_max != null) &&
    state.price_min === range.price_min &&
    state.price_max === range.price_max
  );
}

// --- chips: one removable chip per filter in force ----------------------------------------------------------

export type ChipKind = "category" | ListFacet | "price" | "in_stock";

export interface Chip {
  /** Unique within one page (React key and test id). */
  id: string;
  kind: ChipKind;
  /** The filter's value: a code or slug, a price range {min, max}, or true. */
  value: string | { min: number | null; max: number | null } | true;
  /** Set when the search understood this filter from the query's words (e.g. "마포", "2만원 이하"). */
  understood?: { phrase: string; label: string };
  /** The search without this filter. */
  next: SearchState;
}

/**
 * Every filter in force as a chip: those picked (URL parameters) and those the search understood from the
 * query (the response's applied_filters). Removing an understood chip sends its `query_without` as q.
 */
export function buildChips(state: SearchState, applied: readonly AppliedFilter[] = []): Chip[] {
  const chips: Chip[] = [];
  if (state.category) {
    chips.push({ id: `category:${state.category}`, kind: "category", value: state.category, next: withChange(state, { category: null }) });
  }
  for (const facet of ["district", "firm_kind", "tags", "svi_grade"] as const) {
    for (const value of state[facet] as string[]) {
      chips.push({
        id: `${facet}:${value}`,
        kind: facet,
        value,
        next: withChange(state, { [facet]: (state[facet] as string[]).filter((item) => item !== value) }),
      });
    }
  }
  if (state.price_min != null || state.price_max != null) {
    chips.push({
      id: "price",
      kind: "price",
      value: { min: state.price_min, max: state.price_max },
      next: withChange(state, { price_min: null, price_max: null }),
    });
  }
  if (state.in_stock) {
    chips.push({ id: "in_stock", kind: "in_stock", value: true, next: withChange(state, { in_stock: false }) });
  }
  applied.forEach((filter, index) => {
    const understood = { phrase: filter.phrase, label: filter.label };
    const next = withChange(state, { q: filter.query_without });
    if (filter.field === "district" && typeof filter.value === "string") {
      chips.push({ id: `understood:${index}`, kind: "district", value: filter.value, understood, next });
    } else if (filter.field === "price") {
      const range = (filter.value ?? {}) as { min?: number | null; max?: number | null };
      chips.push({
        id: `understood:${index}`,
        kind: "price",
        value: { min: range.min ?? null, max: range.max ?? null },
        understood,
        next,
      });
    }
  });
  return chips;
}

/**
 * The search with no filters at all: the picked ones cleared, and the understood ones taken out of the query
 * (the words the search matched, `query_text`, are what remains of it).
 */
export function clearAllFilters(state: SearchState, response?: { applied_filters: AppliedFilter[]; query_text: string }): SearchState {
  const q = response && response.applied_filters.length ? response.query_text : state.q;
  return { ...EMPTY_SEARCH, q, sort: state.sort };
}
