// The search response's facets, typed. The API's schema leaves `facets` as a free-form object (its shape
// depends on the facet), so it is read here defensively: anything unexpected becomes an empty facet.
export interface ValueCount {
  value: string;
  label: string;
  count: number;
}

export interface CategoryCount {
  id: number;
  slug: string;
  name_ko: string;
  name_en: string;
  count: number;
  children: CategoryCount[];
}

export interface PriceCount {
  key: string;
  from: number | null;
  to: number | null;
  count: number;
}

export interface Facets {
  category: CategoryCount[];
  district: ValueCount[];
  firm_kind: ValueCount[];
  tags: ValueCount[];
  svi_grade: ValueCount[];
  price: PriceCount[];
  /** How many of the results can be ordered now (null when not counted). */
  in_stock: number | null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const numberOrNull = (value: unknown) => (typeof value === "number" ? value : null);

function values(raw: unknown): ValueCount[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) =>
    isObject(item) && typeof item.count === "number" && item.value != null
      ? [{ value: String(item.value), label: String(item.label ?? item.value), count: item.count }]
      : [],
  );
}

function categories(raw: unknown): CategoryCount[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) =>
    isObject(item) && typeof item.id === "number" && typeof item.slug === "string"
      ? [
          {
            id: item.id,
            slug: item.slug,
            name_ko: String(item.name_ko ?? item.slug),
            name_en: String(item.name_en ?? item.name_ko ?? item.slug),
            count: numberOrNull(item.count) ?? 0,
            children: categories(item.children),
          },
        ]
      : [],
  );
}

function prices(raw: unknown): PriceCount[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) =>
    isObject(item) && typeof item.key === "string"
      ? [{ key: item.key, from: numberOrNull(item.from), to: numberOrNull(item.to), count: numberOrNull(item.count) ?? 0 }]
      : [],
  );
}

function inStock(raw: unknown): number | null {
  if (!Array.isArray(raw)) return null;
  const yes = raw.find((item) => isObject(item) && item.value === true);
  return isObject(yes) && typeof yes.count === "number" ? yes.count : 0;
}

export function readFacets(raw: unknown): Facets {
  const facets = isObject(raw) ? raw : {};
  return {
    category: categories(facets.category),
    district: values(facets.district),
    firm_kind: values(facets.firm_kind),
    tags: values(facets.tags),
    svi_grade: values(facets.svi_grade),
    price: prices(facets.price),
    in_stock: inStock(facets.in_stock),
  };
}
