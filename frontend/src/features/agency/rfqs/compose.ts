// A request for quotation as the compose form holds it, and the body the API takes. The server checks everything
// (quantities, deadline, firms); this only shapes what was typed and says what the form shows beside it.
import type { components } from "../../../api/schema";

type SearchHit = components["schemas"]["SearchHit"];
export type QuoteRequestBody = components["schemas"]["QuoteRequestInputRequest"];

/** A catalogue product chosen into the request, with what the form shows about it. */
export interface ChosenProduct {
  id: number;
  title: string;
  firmId: number;
  firmName: string;
  unit: string;
  minOrder: number;
  price: number;
  tiers: { min_quantity: number; unit_price: number }[];
}

export interface ComposeItem {
  /** A stable key for React and for the fields' ids (not sent). */
  key: string;
  product: ChosenProduct | null;
  description: string;
  quantity: string;
  unit: string;
}

export interface ComposeValues {
  title: string;
  items: ComposeItem[];
  /** Firms asked besides the catalogue products' own firms. */
  extraFirms: { id: number; name: string }[];
  delivery_place: string;
  delivery_date: string;
  /** The reply deadline as a datetime-local input holds it: "2026-12-01T17:00", Seoul time. */
  reply_deadline: string;
  note: string;
}

let counter = 0;
function nextKey(): string {
  counter += 1;
  return `item-${counter}`;
}

export function productItem(hit: SearchHit): ComposeItem {
  const minOrder = hit.min_order_quantity ?? 1;
  return {
    key: nextKey(),
    product: {
      id: hit.id,
      title: hit.title,
      firmId: hit.firm.id,
      firmName: hit.firm.name,
      unit: hit.unit || "개",
      minOrder,
      price: hit.price,
      tiers: [...hit.price_tiers],
    },
    description: "",
    quantity: String(minOrder),
    unit: hit.unit || "개",
  };
}

export function freeTextItem(): ComposeItem {
  return { key: nextKey(), product: null, description: "", quantity: "1", unit: "개" };
}

/**
 * The catalogue products' firms, each once, in the order first chosen: they are always asked (the server adds
 * them too), so the form shows them checked and fixed.
 */
export function catalogueFirms(items: readonly ComposeItem[]): { id: number; name: string }[] {
  const seen = new Map<number, string>();
  for (const item of items) {
    if (item.product && !seen.has(item.product.firmId)) seen.set(item.product.firmId, item.product.firmName);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

/**
 * The product's volume price for a quantity as the catalogue shows it (the tier with the largest min_quantity not
 * above it, else the list price). An estimate for the form: the firm quotes the price that counts.
 */
export function estimatedUnitPrice(
  priced: { price: number; tiers: readonly { min_quantity: number; unit_price: number }[] },
  quantity: number,
): number {
  let price = priced.price;
  let best = 0;
  for (const tier of priced.tiers) {
    if (tier.min_quantity <= quantity && tier.min_quantity >= best) {
      best = tier.min_quantity;
      price = tier.unit_price;
    }
  }
  return price;
}

/** "2026-12-01T17:00" (a datetime-local value, Seoul) → "2026-12-01T17:00:00+09:00"; anything else as typed. */
export function seoulDateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+09:00` : value;
}

/** A whole number when the box holds one, else the text, for the server to refuse with its message. */
function whole(value: string): number {
  const trimmed = value.replace(/,/g, "").trim();
  return (/^-?\d+$/.test(trimmed) ? Number(trimmed) : value) as number;
}

export function toBody(values: ComposeValues): QuoteRequestBody {
  const catalogue = new Set(catalogueFirms(values.items).map((firm) => firm.id));
  return {
    title: values.title,
    items: values.items.map((item) =>
      item.product
        ? { product_id: item.product.id, description: "", quantity: whole(item.quantity), unit: item.unit }
        : { description: item.description, quantity: whole(item.quantity), unit: item.unit },
    ),
    firms: [
      ...catalogue,
      ...values.extraFirms.map((firm) => firm.id).filter((id) => !catalogue.has(id)),
    ],
    delivery_place: values.delivery_place,
    delivery_date: values.delivery_date,
    reply_deadline: seoulDateTime(values.reply_deadline),
    note: values.note,
  };
}

/** A quantity below the product's minimum order: said beside the box before the server refuses it. */
export function belowMinimum(item: ComposeItem): boolean {
  if (!item.product) return false;
  const quantity = Number(item.quantity);
  return Number.isInteger(quantity) && quantity > 0 && quantity < item.product.minOrder;
}
