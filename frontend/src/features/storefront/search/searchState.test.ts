import { describe, expect, it } from "vitest";
import {
  EMPTY_SEARCH,
  buildChips,
  clearAllFilters,
  isFacetValueOn,
  isPriceBucketOn,
  parseSearch,
  priceBucketRange,
  searchHref,
  serializeSearch,
  toApiQuery,
  toggleFacetValue,
  type AppliedFilter,
  type SearchState,
} from "./searchState";

const parse = (query: string) => parseSearch(new URLSearchParams(query));

// What GET /api/v1/search/products/?q=마포 떡 2만원 이하 answers in applied_filters.
const MAPO_PRICE: AppliedFilter[] = [
  {
    field: "price",
    phrase: "2만원 이하",
    label: "20,000원 이하",
    value: { min: null, max: 20000 },
    query_without: "마포 떡",
  },
  { field: "district", phrase: "마포", label: "마포구", value: "11440", query_without: "떡 2만원 이하" },
];

describe("parseSearch", () => {
  it("reads every parameter", () => {
    const state = parse(
      "q=%EB%96%A1&category=bakery&district=11440,11350&firm_kind=cooperative&tags=zero-waste" +
        "&svi_grade=excellent&price_min=10000&price_max=29999&in_stock=true&sort=-price&page=3",
    );
    expect(state).toEqual<SearchState>({
      q: "떡",
      category: "bakery",
      district: ["11440", "11350"],
      firm_kind: ["cooperative"],
      tags: ["zero-waste"],
      svi_grade: ["excellent"],
      price_min: 10000,
      price_max: 29999,
      in_stock: true,
      sort: "-price",
      page: 3,
    });
  });

  it("gives the defaults for an empty query string", () => {
    expect(parse("")).toEqual(EMPTY_SEARCH);
  });

  it("drops what the API would refuse instead of sending it", () => {
    const state = parse("district=11440,seoul,11440&firm_kind=charity,cooperative&sort=cheap&page=-2&price_min=1e4&svi_grade=best");
    expect(state.district).toEqual(["11440"]);
    expect(state.firm_kind).toEqual(["cooperative"]);
    expect(state.sort).toBe("relevance");
    expect(state.page).toBe(1);
    expect(state.price_min).toBeNull();
    expect(state.svi_grade).toEqual([]);
  });

  it("reads repeated keys as one list and swaps a reversed price range", () => {
    const state = parse("district=11440&district=11350&price_min=50000&price_max=10000");
    expect(state.district).toEqual(["11440", "11350"]);
    expect([state.price_min, state.price_max]).toEqual([10000, 50000]);
  });

  it("keeps the page inside the API's result window", () => {
    expect(parse("page=99999").page).toBe(500);
  });
});

describe("serializeSearch", () => {
  it("leaves defaults out", () => {
    expect(serializeSearch(EMPTY_SEARCH).toString()).toBe("");
    expect(searchHref({ q: "떡" })).toBe("/search?q=%EB%96%A1");
    expect(searchHref({})).toBe("/search");
  });

  it("round-trips through the URL", () => {
    const state: SearchState = {
      ...EMPTY_SEARCH,
      q: "수제 쿠키",
      category: "bakery",
      district: ["11440", "11350"],
      tags: ["zero-waste", "eco-friendly"],
      price_max: 20000,
      in_stock: true,
      sort: "newest",
      page: 2,
    };
    const query = serializeSearch(state).toString();
    expect(query).toBe(
      "q=%EC%88%98%EC%A0%9C+%EC%BF%A0%ED%82%A4&category=bakery&district=11440%2C11350&tags=zero-waste%2Ceco-friendly" +
        "&price_max=20000&in_stock=true&sort=newest&page=2",
    );
    expect(parse(query)).toEqual(state);
  });
});

describe("toApiQuery", () => {
  it("sends only what is set, lists comma-separated", () => {
    expect(toApiQuery({ ...EMPTY_SEARCH, q: "떡", district: ["11440", "11350"], in_stock: true, page: 2 })).toEqual({
      q: "떡",
      district: "11440,11350",
      in_stock: true,
      page: 2,
      page_size: 20,
    });
  });
});

describe("facets", () => {
  it("ticking a value adds it and goes back to page 1", () => {
    const next = toggleFacetValue({ ...EMPTY_SEARCH, district: ["11350"], page: 4 }, "district", "11440");
    expect(next.district).toEqual(["11350", "11440"]);
    expect(next.page).toBe(1);
  });

  it("unticking a picked value removes only that one", () => {
    const next = toggleFacetValue({ ...EMPTY_SEARCH, tags: ["a", "b"] }, "tags", "a");
    expect(next.tags).toEqual(["b"]);
  });

  it("a district understood from the query shows as ticked, and unticking it takes its words out of q", () => {
    const state = { ...EMPTY_SEARCH, q: "마포 떡 2만원 이하" };
    expect(isFacetValueOn(state, "district", "11440", MAPO_PRICE)).toBe(true);
    expect(isFacetValueOn(state, "district", "11350", MAPO_PRICE)).toBe(false);
    const next = toggleFacetValue(state, "district", "11440", MAPO_PRICE);
    expect(next.q).toBe("떡 2만원 이하");
    expect(next.district).toEqual([]);
  });

  it("a price bucket's exclusive end becomes an inclusive price_max", () => {
    const bucket = { key: "10000-30000", from: 10000, to: 30000 };
    expect(priceBucketRange(bucket)).toEqual({ price_min: 10000, price_max: 29999 });
    expect(priceBucketRange({ key: "100000-", from: 100000, to: null })).toEqual({ price_min: 100000, price_max: null });
    expect(isPriceBucketOn({ ...EMPTY_SEARCH, price_min: 10000, price_max: 29999 }, bucket)).toBe(true);
    expect(isPriceBucketOn({ ...EMPTY_SEARCH, price_min: 10000, price_max: 30000 }, bucket)).toBe(false);
    expect(isPriceBucketOn(EMPTY_SEARCH, { key: "all", from: null, to: null })).toBe(false);
  });
});

describe("chips", () => {
  const state: SearchState = {
    ...EMPTY_SEARCH,
    q: "마포 떡 2만원 이하",
    category: "bakery",
    district: ["11350", "11200"],
    price_min: 5000,
    in_stock: true,
    page: 3,
  };

  it("one chip per filter in force, the understood ones last", () => {
    const chips = buildChips(state, MAPO_PRICE);
    expect(chips.map((chip) => chip.id)).toEqual([
      "category:bakery",
      "district:11350",
      "district:11200",
      "price",
      "in_stock",
      "understood:0",
      "understood:1",
    ]);
    expect(chips[5]).toMatchObject({ kind: "price", value: { min: null, max: 20000 }, understood: { phrase: "2만원 이하" } });
    expect(chips[6]).toMatchObject({ kind: "district", value: "11440", understood: { label: "마포구" } });
  });

  it("removing a picked chip keeps the other filters and the query", () => {
    const chip = buildChips(state, MAPO_PRICE).find((c) => c.id === "district:11350")!;
    expect(chip.next).toEqual({ ...state, district: ["11200"], page: 1 });
  });

  it("removing an understood chip searches its query_without and keeps the picked filters", () => {
    const chip = buildChips(state, MAPO_PRICE).find((c) => c.id === "understood:1")!;
    expect(chip.next).toEqual({ ...state, q: "떡 2만원 이하", page: 1 });
    const price = buildChips(state, MAPO_PRICE).find((c) => c.id === "understood:0")!;
    expect(price.next.q).toBe("마포 떡");
  });

  it("removing the price chip clears both ends", () => {
    const chip = buildChips({ ...EMPTY_SEARCH, price_min: 1, price_max: 2 }).find((c) => c.kind === "price")!;
    expect([chip.next.price_min, chip.next.price_max]).toEqual([null, null]);
  });

  it("no filters, no chips", () => {
    expect(buildChips({ ...EMPTY_SEARCH, q: "떡", sort: "newest" })).toEqual([]);
  });

  it("clearing all keeps the matched words and the sort", () => {
    const cleared = clearAllFilters({ ...state, sort: "price" }, { applied_filters: MAPO_PRICE, query_text: "떡" });
    expect(cleared).toEqual({ ...EMPTY_SEARCH, q: "떡", sort: "price" });
    expect(clearAllFilters({ ...state, q: "떡" }, { applied_filters: [], query_text: "떡" }).q).toBe("떡");
  });
});
