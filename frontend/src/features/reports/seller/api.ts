import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { ReportQuery } from "./figures";

export const sellerReportKeys = {
  sales: (query: ReportQuery) => ["reports", "seller", "sales", query] as const,
};

/** The firm's sales report for the query (a 400 names the parameter at fault: see ApiError.field). */
export function useSellerSalesReport(query: ReportQuery) {
  return useQuery({
    queryKey: sellerReportKeys.sales(query),
    queryFn: () => unwrap(api.GET("/api/v1/seller/reports/sales/", { params: { query } })),
  });
}
