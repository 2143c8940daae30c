import type { RouteObject } from "react-router";

// Owned by the buyer's orders: /orders, /orders/:id.
export const orderRoutes: RouteObject[] = [];
