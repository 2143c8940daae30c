// The seller's side of agencies' purchasing: requests for quotation sent to the firm, its quotations, agency
// orders to deliver and invoices. TanStack Query hooks over the typed client; what the firm may do with a row is
// the server's answer (can_quote, can_withdraw, can_invoice, can_mark_paid), never worked out from a status.
import { useQueries, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { components, operations } from "../../../api/schema";
import { productQuery } from "../../storefront/product/productQuery";

export type QuoteRequest = components["schemas"]["SellerQuoteRequest"];
export type QuoteRequestItem = components["schemas"]["QuoteRequestItem"];
export type Quotation = components["schemas"]["SellerQuotation"];
export type AgencyOrder = components["schemas"]["SellerAgencyOrder"];
export type OrderLine = components["schemas"]["PurchaseLine"];
export type Delivery = components["schemas"]["AgencyDelivery"];
export type Invoice = components["schemas"]["AgencyInvoice"];
export type QuoteRequestStatus = NonNullable<
  NonNullable<operations["v1_seller_quote_requests_list"]["parameters"]["query"]>["status"]
>;
export type OrderStatus = NonNullable<
  NonNullable<operations["v1_seller_agency_orders_list"]["parameters"]["query"]>["status"]
>;
export type InvoiceStatus = NonNullable<
  NonNullable<operations["v1_seller_agency_invoices_list"]["parameters"]["query"]>["status"]
>;

export const QUOTE_REQUEST_STATUSES: QuoteRequestStatus[] = ["open", "closed", "cancelled"];
// A purchase still in the agency's approval is not the firm's business (the list holds approved ones only).
export const ORDER_STATUSES: OrderStatus[] = ["ordered", "completed", "cancelled"];
export const INVOICE_STATUSES: InvoiceStatus[] = ["open", "paid", "void"];

export const sellerAgencyKeys = {
  all: ["seller", "agency"] as const,
  quoteRequests: ["seller", "agency", "quote-requests"] as const,
  quoteRequestList: (params: { page?: number; status?: QuoteRequestStatus }) =>
    ["seller", "agency", "quote-requests", "list", params] as const,
  quoteRequest: (id: number) => ["seller", "agency", "quote-requests", "one", id] as const,
  orders: ["seller", "agency", "orders"] as const,
  orderList: (params: { page?: number; status?: OrderStatus }) => ["seller", "agency", "orders", "list", params] as const,
  order: (id: number) => ["seller", "agency", "orders", "one", id] as const,
  orderDeliveries: (id: number) => ["seller", "agency", "orders", "deliveries", id] as const,
  deliveries: ["seller", "agency", "deliveries"] as const,
  invoices: ["seller", "agency", "invoices"] as const,
  invoiceList: (params: { page?: number; status?: InvoiceStatus }) =>
    ["seller", "agency", "invoices", "list", params] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });

export function useQuoteRequests(params: { page?: number; status?: QuoteRequestStatus; pageSize: number }) {
  return useQuery({
    queryKey: sellerAgencyKeys.quoteRequestList({ page: params.page, status: params.status }),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/seller/quote-requests/", {
          params: { query: { page: params.page, status: params.status, page_size: params.pageSize } },
        }),
      ),
  });
}

export function useQuoteRequest(id: number) {
  return useQuery({
    queryKey: sellerAgencyKeys.quoteRequest(id),
    queryFn: () => unwrap(api.GET("/api/v1/seller/quote-requests/{id}/", byId(id))),
  });
}

/**
 * The catalogue facts a quotation form needs about the request's catalogue items: whose product it is (a firm's
 * own product is priced and taxed as listed) and whether it is VAT-exempt. A product no longer on sale is unknown
 * (undefined), and its line is treated as another firm's.
 */
export function useItemProducts(productIds: readonly number[]) {
  return useQueries({
    queries: productIds.map((id) => ({
      ...productQuery(id),
      staleTime: 5 * 60_000,
      retry: false,
    })),
    combine: (results) => ({
      pending: results.some((result) => result.isPending),
      products: new Map(
        results.flatMap((result) =>
          result.data ? [[result.data.id, { firmId: result.data.firm.id, vatExempt: result.data.vat_exempt }] as const] : [],
        ),
      ),
    }),
  });
}

export function useAgencyOrders(params: { page?: number; status?: OrderStatus; pageSize: number }) {
  return useQuery({
    queryKey: sellerAgencyKeys.orderList({ page: params.page, status: params.status }),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/seller/agency-orders/", {
          params: { query: { page: params.page, status: params.status, page_size: params.pageSize } },
        }),
      ),
  });
}

export function useAgencyOrder(id: number) {
  return useQuery({
    queryKey: sellerAgencyKeys.order(id),
    queryFn: () => unwrap(api.GET("/api/v1/seller/agency-orders/{id}/", byId(id))),
  });
}

export function useOrderDeliveries(id: number) {
  return useQuery({
    queryKey: sellerAgencyKeys.orderDeliveries(id),
    queryFn: () => unwrap(api.GET("/api/v1/seller/agency-orders/{id}/deliveries/", byId(id))),
  });
}

/** Inspected deliveries not invoiced yet: the firm's work on the invoices page. */
export function useDeliveriesToInvoice() {
  return useQuery({
    queryKey: [...sellerAgencyKeys.deliveries, "to-invoice"],
    queryFn: async () => {
      const page = await unwrap(
        api.GET("/api/v1/seller/agency-deliveries/", { params: { query: { status: "inspected", page_size: 100 } } }),
      );
      return page.results.filter((delivery) => delivery.can_invoice);
    },
  });
}

export function useAgencyInvoices(params: { page?: number; status?: InvoiceStatus; pageSize: number }) {
  return useQuery({
    queryKey: sellerAgencyKeys.invoiceList({ page: params.page, status: params.status }),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/seller/agency-invoices/", {
          params: { query: { page: params.page, status: params.status, page_size: params.pageSize } },
        }),
      ),
  });
}

/** Downloads are plain links (the browser keeps the session cookie); the server names the file. */
export const documentUrls = {
  quotationPdf: (id: number) => `/api/v1/seller/quotations/${id}/document.pdf`,
  deliveryNotePdf: (id: number) => `/api/v1/seller/agency-deliveries/${id}/delivery-note.pdf`,
};
