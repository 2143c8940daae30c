// Shapes as the API answers them (seen from GET /api/v1/search/products/ on the demo data).
import type { Product, SearchHit, SearchResponse } from "../queries";

export function product(overrides: Partial<Product> = {}): Product {
  return {
    id: 121,
    title: "답례품 떡 세트",
    description: "지역 농가의 제철 식재료로 당일 조리합니다.",
    price: 15000,
    unit: "개",
    stock: 753,
    in_stock: true,
    min_order_quantity: 20,
    price_tiers: [],
    vat_exempt: false,
    category: { id: 20, slug: "catering", name_ko: "케이터링·도시락", name_en: "Catering", parent: 17 },
    firm: {
      id: 15,
      name: "주식회사 살림도시락",
      district: { code: "11470", name_ko: "양천구", name_en: "Yangcheon-gu" },
      svi_grade: "",
      kinds: ["social_enterprise"],
    },
    tags: [{ slug: "zero-waste", name_ko: "제로웨이스트", name_en: "Zero waste", area: "environment" }],
    images: [
      {
        id: 121,
        url: "/media/products/121/a.jpg",
        width: 800,
        height: 800,
        format: "JPEG",
        alt_text: "답례품 떡 세트",
        position: 0,
        renditions: { card: "/media/products/121/renditions/121-card.jpg" },
        renditions_status: "ready",
      },
    ],
    published_at: "2026-12-02T04:41:28+09:00",
    ...overrides,
  };
}

export function hit(overrides: Partial<SearchHit> = {}): SearchHit {
  return { ...product(), highlight: {}, score: 1, ...overrides };
}

export function searchResponse(overrides: Partial<SearchResponse> = {}): SearchResponse {
  return {
    query: "",
    query_text: "",
    applied_filters: [],
    dropped_words: [],
    relaxation: { level: "all", relaxed: false, exact_total: 1, message: null },
    did_you_mean: null,
    count: 1,
    page: 1,
    page_size: 20,
    backend: "elasticsearch",
    degraded: false,
    results: [hit()],
    facets: {
      district: [{ value: "11470", label: "양천구", count: 1 }],
      price: [{ key: "10000-30000", from: 10000, to: 30000, count: 1 }],
      in_stock: [
        { value: true, count: 1 },
        { value: false, count: 0 },
      ],
    },
    ...overrides,
  };
}
