import { describe, expect, it } from "vitest";
import type { components } from "../../../api/schema";
import {
  belowMinimum,
  catalogueFirms,
  estimatedUnitPrice,
  freeTextItem,
  productItem,
  seoulDateTime,
  toBody,
  type ComposeValues,
} from "./compose";

type SearchHit = components["schemas"]["SearchHit"];

function hit(id: number, firm: { id: number; name: string }, overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    id,
    title: `상품 ${id}`,
    price: 10_000,
    unit: "상자",
    in_stock: true,
    min_order_quantity: 5,
    price_tiers: [],
    category: { id: 1, slug: "food", name_ko: "식품", name_en: "Food" },
    firm: { id: firm.id, name: firm.name, district: { code: "11440", name_ko: "마포구", name_en: "Mapo-gu" }, kinds: [] },
    tags: [],
    images: [],
    highlight: {},
    score: null,
    ...overrides,
  } as SearchHit;
}

const bakery = { id: 3, name: "행복베이커리" };
const soap = { id: 7, name: "초록비누공방" };

function values(overrides: Partial<ComposeValues> = {}): ComposeValues {
  return {
    title: "행사 다과",
    items: [],
    extraFirms: [],
    delivery_place: "마포구청 3층",
    delivery_date: "2026-12-10",
    reply_deadline: "2026-12-03T17:00",
    note: "",
    ...overrides,
  };
}

describe("a catalogue product in the request", () => {
  it("starts at the product's minimum order, in its unit", () => {
    const item = productItem(hit(1, bakery));
    expect(item.quantity).toBe("5");
    expect(item.unit).toBe("상자");
    expect(item.product?.firmId).toBe(3);
  });

  it("is below the minimum only for a whole quantity under it", () => {
    const item = productItem(hit(1, bakery));
    expect(belowMinimum({ ...item, quantity: "4" })).toBe(true);
    expect(belowMinimum({ ...item, quantity: "5" })).toBe(false);
    expect(belowMinimum({ ...item, quantity: "abc" })).toBe(false);
    expect(belowMinimum({ ...freeTextItem(), quantity: "1" })).toBe(false);
  });
});

describe("catalogueFirms", () => {
  it("lists each chosen product's firm once, in the order first chosen", () => {
    const items = [productItem(hit(1, soap)), freeTextItem(), productItem(hit(2, bakery)), productItem(hit(3, soap))];
    expect(catalogueFirms(items)).toEqual([soap, bakery]);
  });
});

describe("estimatedUnitPrice", () => {
  const priced = {
    price: 10_000,
    tiers: [
      { min_quantity: 100, unit_price: 8_000 },
      { min_quantity: 10, unit_price: 9_000 },
    ],
  };

  it("takes the tier with the largest minimum not above the quantity", () => {
    expect(estimatedUnitPrice(priced, 9)).toBe(10_000);
    expect(estimatedUnitPrice(priced, 10)).toBe(9_000);
    expect(estimatedUnitPrice(priced, 99)).toBe(9_000);
    expect(estimatedUnitPrice(priced, 100)).toBe(8_000);
  });
});

describe("seoulDateTime", () => {
  it("reads a datetime-local value as Seoul time", () => {
    expect(seoulDateTime("2026-12-03T17:00")).toBe("2026-12-03T17:00:00+09:00");
  });

  it("leaves anything else for the server to refuse", () => {
    expect(seoulDateTime("")).toBe("");
    expect(seoulDateTime("next week")).toBe("next week");
  });
});

describe("toBody", () => {
  it("sends products by id, free text by description, whole quantities as numbers", () => {
    const free = { ...freeTextItem(), description: "현수막 제작", quantity: "2", unit: "장" };
    const body = toBody(values({ items: [productItem(hit(1, bakery)), free] }));
    expect(body.items).toEqual([
      { product_id: 1, description: "", quantity: 5, unit: "상자" },
      { description: "현수막 제작", quantity: 2, unit: "장" },
    ]);
    expect(body.reply_deadline).toBe("2026-12-03T17:00:00+09:00");
  });

  it("asks the catalogue firms and the firms added, each once", () => {
    const body = toBody(values({ items: [productItem(hit(1, bakery))], extraFirms: [soap, bakery] }));
    expect(body.firms).toEqual([3, 7]);
  });

  it("keeps a quantity that is not a whole number as typed, for the server's message", () => {
    const body = toBody(values({ items: [{ ...freeTextItem(), description: "x", quantity: "1.5" }] }));
    expect(body.items[0]?.quantity).toBe("1.5");
  });
});
