import type { SellerProduct } from "../api";

/** A published listing as the seller API answers it, for tests; `overrides` replace its fields. */
export function sellerListing(overrides: Partial<SellerProduct> = {}): SellerProduct {
  return {
    id: 5,
    sku: "R-1",
    title: "유기농 쌀 10kg",
    description: "",
    price: 40000,
    unit: "포",
    stock: 100,
    min_order_quantity: 1,
    price_tiers: [],
    vat_exempt: false,
    status: "published",
    category: { id: 2, slug: "rice", name_ko: "쌀", name_en: "Rice", parent: null },
    tags: [],
    images: [],
    is_public: true,
    hidden_reason: "",
    in_stock: true,
    created_at: "2026-12-01T00:00:00+09:00",
    updated_at: "2026-12-01T00:00:00+09:00",
    published_at: "2026-12-01T00:00:00+09:00",
    ...overrides,
  };
}
