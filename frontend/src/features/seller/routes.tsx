import type { RouteObject } from "react-router";

// Owned by the seller portal: everything under /seller.
export const sellerRoutes: RouteObject[] = [];
