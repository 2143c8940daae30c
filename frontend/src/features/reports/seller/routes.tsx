import type { RouteObject } from "react-router";

// The seller's reports, under the seller portal's frame (/seller/…): joined to its routes in features/seller.
export const sellerReportRoutes: RouteObject[] = [
  {
    path: "reports/sales",
    lazy: () => import("./SalesReportPage").then((m) => ({ Component: m.SalesReportPage })),
  },
];
