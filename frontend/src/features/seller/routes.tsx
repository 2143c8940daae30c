import type { RouteObject } from "react-router";
import { sellerReportRoutes } from "../reports/seller/routes";

// Owned by the seller portal: everything under /seller. Each page's code loads on first visit.
export const sellerRoutes: RouteObject[] = [
  {
    path: "seller",
    lazy: () => import("./SellerLayout").then((m) => ({ Component: m.SellerLayout })),
    children: [
      { index: true, lazy: () => import("./dashboard/DashboardPage").then((m) => ({ Component: m.DashboardPage })) },
      { path: "firm", lazy: () => import("./firm/FirmPage").then((m) => ({ Component: m.FirmPage })) },
      { path: "listings", lazy: () => import("./listings/ListingsPage").then((m) => ({ Component: m.ListingsPage })) },
      {
        path: "listings/new",
        lazy: () => import("./listings/ListingPages").then((m) => ({ Component: m.ListingNewPage })),
      },
      { path: "listings/import", lazy: () => import("./import/ImportPage").then((m) => ({ Component: m.ImportPage })) },
      {
        path: "listings/:id",
        lazy: () => import("./listings/ListingPages").then((m) => ({ Component: m.ListingEditPage })),
      },
      { path: "orders", lazy: () => import("./orders/OrdersPage").then((m) => ({ Component: m.OrdersPage })) },
      {
        path: "agency/rfqs",
        lazy: () => import("./agency/RfqListPage").then((m) => ({ Component: m.RfqListPage })),
      },
      {
        path: "agency/rfqs/:id",
        lazy: () => import("./agency/RfqDetailPage").then((m) => ({ Component: m.RfqDetailPage })),
      },
      { path: "agency/orders", lazy: () => import("./agency/OrdersPage").then((m) => ({ Component: m.OrdersPage })) },
      {
        path: "agency/orders/:id",
        lazy: () => import("./agency/OrderPage").then((m) => ({ Component: m.OrderPage })),
      },
      {
        path: "agency/invoices",
        lazy: () => import("./agency/InvoicesPage").then((m) => ({ Component: m.InvoicesPage })),
      },
      {
        path: "settlement",
        lazy: () => import("./settlement/SettlementPage").then((m) => ({ Component: m.SettlementPage })),
      },
      ...sellerReportRoutes,
    ],
  },
];
