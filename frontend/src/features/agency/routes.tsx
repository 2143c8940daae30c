import type { RouteObject } from "react-router";

// Owned by the agency portal: everything under /agency. Applying and accepting an invitation come before
// membership, so they sit outside the portal's frame; every other page's code loads on first visit.
export const agencyRoutes: RouteObject[] = [
  {
    path: "agency/register",
    lazy: () => import("./register/RegisterPage").then((m) => ({ Component: m.RegisterPage })),
  },
  { path: "agency/join", lazy: () => import("./register/JoinPage").then((m) => ({ Component: m.JoinPage })) },
  {
    path: "agency",
    lazy: () => import("./AgencyLayout").then((m) => ({ Component: m.AgencyLayout })),
    children: [
      { index: true, lazy: () => import("./dashboard/DashboardPage").then((m) => ({ Component: m.DashboardPage })) },
      { path: "rfqs", lazy: () => import("./rfqs/RfqListPage").then((m) => ({ Component: m.RfqListPage })) },
      { path: "rfqs/new", lazy: () => import("./rfqs/RfqComposePage").then((m) => ({ Component: m.RfqComposePage })) },
      { path: "rfqs/:id", lazy: () => import("./rfqs/RfqDetailPage").then((m) => ({ Component: m.RfqDetailPage })) },
      {
        path: "purchases",
        lazy: () => import("./purchases/PurchasesPage").then((m) => ({ Component: m.PurchasesPage })),
      },
      {
        path: "purchases/:id",
        lazy: () => import("./purchases/PurchaseDetailPage").then((m) => ({ Component: m.PurchaseDetailPage })),
      },
      {
        path: "approvals",
        lazy: () => import("./approvals/ApprovalsPage").then((m) => ({ Component: m.ApprovalsPage })),
      },
      {
        path: "deliveries",
        lazy: () => import("./deliveries/DeliveriesPage").then((m) => ({ Component: m.DeliveriesPage })),
      },
      {
        path: "deliveries/:id",
        lazy: () => import("./deliveries/DeliveryDetailPage").then((m) => ({ Component: m.DeliveryDetailPage })),
      },
      { path: "invoices", lazy: () => import("./invoices/InvoicesPage").then((m) => ({ Component: m.InvoicesPage })) },
      {
        path: "invoices/:id",
        lazy: () => import("./invoices/InvoiceDetailPage").then((m) => ({ Component: m.InvoiceDetailPage })),
      },
      {
        path: "documents",
        lazy: () => import("./documents/DocumentsPage").then((m) => ({ Component: m.DocumentsPage })),
      },
      {
        path: "performance",
        lazy: () => import("./performance/PerformancePage").then((m) => ({ Component: m.PerformancePage })),
      },
      { path: "members", lazy: () => import("./members/MembersPage").then((m) => ({ Component: m.MembersPage })) },
    ],
  },
];
