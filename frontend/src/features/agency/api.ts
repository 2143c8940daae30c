// The agency portal's server state: TanStack Query hooks over the typed client. What a member may do with a row is
// the server's answer (its can_* flags, market/procurement/rules.py), never worked out here from a status.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components, operations } from "../../api/schema";

export type MyAgency = components["schemas"]["MyAgency"];
export type AgencyKind = MyAgency["kind"];
export type AgencyRole = MyAgency["roles"][number];
export type AgencyMember = components["schemas"]["AgencyMember"];
export type AgencyInvitation = components["schemas"]["AgencyInvitation"];
export type QuoteRequest = components["schemas"]["AgencyQuoteRequest"];
export type Quotation = components["schemas"]["AgencyQuotation"];
export type Comparison = components["schemas"]["Comparison"];
export type ComparisonItem = components["schemas"]["ComparisonItem"];
export type ComparisonQuotation = components["schemas"]["ComparisonQuotation"];
export type Purchase = components["schemas"]["AgencyPurchase"];
export type PurchaseLine = components["schemas"]["PurchaseLine"];
export type PurchaseStatus = NonNullable<
  NonNullable<operations["v1_agency_purchases_list"]["parameters"]["query"]>["status"]
>;
export type QuoteRequestStatus = NonNullable<
  NonNullable<operations["v1_agency_quote_requests_list"]["parameters"]["query"]>["status"]
>;

export type Delivery = components["schemas"]["AgencyDelivery"];
export type DeliveryLine = components["schemas"]["AgencyDeliveryLine"];
export type Invoice = components["schemas"]["AgencyInvoice"];
export type DeliveryStatus = NonNullable<
  NonNullable<operations["v1_agency_deliveries_list"]["parameters"]["query"]>["status"]
>;
export type InvoiceStatus = NonNullable<
  NonNullable<operations["v1_agency_invoices_list"]["parameters"]["query"]>["status"]
>;

export const AGENCY_KINDS: AgencyKind[] = ["city", "district_office", "public_institution", "school", "other"];
export const ROLES: AgencyRole[] = ["requester", "approver", "inspector", "admin"];
export const PURCHASE_STATUSES: PurchaseStatus[] = ["submitted", "returned", "ordered", "completed", "cancelled"];
export const QUOTE_REQUEST_STATUSES: QuoteRequestStatus[] = ["open", "closed", "cancelled"];
export const DELIVERY_STATUSES: DeliveryStatus[] = ["awaiting_inspection", "inspected"];
export const INVOICE_STATUSES: InvoiceStatus[] = ["open", "paid", "void"];

export const agencyKeys = {
  all: ["agency"] as const,
  mine: ["agency", "mine"] as const,
  members: ["agency", "members"] as const,
  invitations: ["agency", "invitations"] as const,
  quoteRequests: ["agency", "quote-requests"] as const,
  quoteRequestList: (params: { page?: number; status?: QuoteRequestStatus; pageSize?: number }) =>
    ["agency", "quote-requests", "list", params] as const,
  quoteRequest: (id: number) => ["agency", "quote-requests", "one", id] as const,
  comparison: (id: number) => ["agency", "quote-requests", "comparison", id] as const,
  purchases: ["agency", "purchases"] as const,
  purchaseList: (params: { page?: number; status?: PurchaseStatus; pageSize?: number }) =>
    ["agency", "purchases", "list", params] as const,
  purchase: (id: number) => ["agency", "purchases", "one", id] as const,
  approvals: (params: { page?: number; pageSize?: number }) => ["agency", "purchases", "approvals", params] as const,
  deliveries: ["agency", "deliveries"] as const,
  deliveryList: (params: { page?: number; status?: DeliveryStatus; pageSize?: number }) =>
    ["agency", "deliveries", "list", params] as const,
  delivery: (id: number) => ["agency", "deliveries", "one", id] as const,
  invoices: ["agency", "invoices"] as const,
  invoiceList: (params: { page?: number; status?: InvoiceStatus; pageSize?: number }) =>
    ["agency", "invoices", "list", params] as const,
  invoice: (id: number) => ["agency", "invoices", "one", id] as const,
};

const path = (id: number) => ({ params: { path: { id } } });

/** The caller's agency and their roles in it (403 not_agency_member when they have none). */
export function useMyAgency() {
  return useQuery({ queryKey: agencyKeys.mine, queryFn: () => unwrap(api.GET("/api/v1/agency/")) });
}

export function useMembers() {
  return useQuery({
    queryKey: agencyKeys.members,
    queryFn: () => unwrap(api.GET("/api/v1/agency/members/", { params: { query: { page_size: 100 } } })),
  });
}

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: agencyKeys.invitations,
    queryFn: () => unwrap(api.GET("/api/v1/agency/invitations/", { params: { query: { page_size: 100 } } })),
    enabled,
  });
}

export function useQuoteRequests(params: { page?: number; status?: QuoteRequestStatus; pageSize?: number }) {
  return useQuery({
    queryKey: agencyKeys.quoteRequestList(params),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/agency/quote-requests/", {
          params: { query: { page: params.page, status: params.status, page_size: params.pageSize } },
        }),
      ),
  });
}

export function useQuoteRequest(id: number) {
  return useQuery({
    queryKey: agencyKeys.quoteRequest(id),
    queryFn: () => unwrap(api.GET("/api/v1/agency/quote-requests/{id}/", path(id))),
  });
}

export function useComparison(id: number, enabled = true) {
  return useQuery({
    queryKey: agencyKeys.comparison(id),
    queryFn: () => unwrap(api.GET("/api/v1/agency/quote-requests/{id}/comparison/", path(id))),
    enabled,
  });
}

export function usePurchases(params: { page?: number; status?: PurchaseStatus; pageSize?: number }) {
  return useQuery({
    queryKey: agencyKeys.purchaseList(params),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/agency/purchases/", {
          params: { query: { page: params.page, status: params.status, page_size: params.pageSize } },
        }),
      ),
  });
}

export function usePurchase(id: number) {
  return useQuery({
    queryKey: agencyKeys.purchase(id),
    queryFn: () => unwrap(api.GET("/api/v1/agency/purchases/{id}/", path(id))),
  });
}

export function useApprovals(params: { page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: agencyKeys.approvals(params),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/agency/approvals/", { params: { query: { page: params.page, page_size: params.pageSize } } }),
      ),
  });
}

export function useDeliveries(params: { page?: number; status?: DeliveryStatus; pageSize?: number }) {
  return useQuery({
    queryKey: agencyKeys.deliveryList(params),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/agency/deliveries/", {
          params: { query: { page: params.page, status: params.status, page_size: params.pageSize } },
        }),
      ),
  });
}

export function useDelivery(id: number) {
  return useQuery({
    queryKey: agencyKeys.delivery(id),
    queryFn: () => unwrap(api.GET("/api/v1/agency/deliveries/{id}/", path(id))),
  });
}

export function useInvoices(params: { page?: number; status?: InvoiceStatus; pageSize?: number }) {
  return useQuery({
    queryKey: agencyKeys.invoiceList(params),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/agency/invoices/", {
          params: { query: { page: params.page, status: params.status, page_size: params.pageSize } },
        }),
      ),
  });
}

export function useInvoice(id: number) {
  return useQuery({
    queryKey: agencyKeys.invoice(id),
    queryFn: () => unwrap(api.GET("/api/v1/agency/invoices/{id}/", path(id))),
  });
}

export const performanceKey = (year: number) => ["agency", "performance", year] as const;

export function usePerformance(year: number) {
  return useQuery({
    queryKey: performanceKey(year),
    queryFn: () => unwrap(api.GET("/api/v1/agency/performance/", { params: { query: { year } } })),
  });
}

export function useDistricts() {
  return useQuery({
    queryKey: ["districts"],
    queryFn: () => unwrap(api.GET("/api/v1/districts/")),
    staleTime: 60 * 60_000,
  });
}

/** A download of the API (PDF, CSV): a plain link, the session cookie goes with it. */
export const documentLinks = {
  quotationPdf: (id: number) => `/api/v1/agency/quotations/${id}/document.pdf`,
  quotationCsv: (id: number) => `/api/v1/agency/quotations/${id}/document.csv`,
  deliveryNotePdf: (id: number) => `/api/v1/agency/deliveries/${id}/delivery-note.pdf`,
  deliveryNoteCsv: (id: number) => `/api/v1/agency/deliveries/${id}/delivery-note.csv`,
  purchaseRecordPdf: (from: string, to: string) =>
    `/api/v1/agency/purchase-record.pdf?${new URLSearchParams({ from, to }).toString()}`,
  purchaseRecordCsv: (from: string, to: string) =>
    `/api/v1/agency/purchase-record.csv?${new URLSearchParams({ from, to }).toString()}`,
  firmDesignationsPdf: (firmId: number) => `/api/v1/agency/firms/${firmId}/designations.pdf`,
};
