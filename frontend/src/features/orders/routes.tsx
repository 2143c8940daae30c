import type { RouteObject } from "react-router";

// The buyer's orders: the history, and one order with each firm's part.
export const orderRoutes: RouteObject[] = [
  { path: "orders", lazy: () => import("./OrdersPage").then((m) => ({ Component: m.OrdersPage })) },
  { path: "orders/:id", lazy: () => import("./OrderPage").then((m) => ({ Component: m.OrderPage })) },
];
