import type { RouteObject } from "react-router";

// Owned by the storefront: home, search, product and firm pages.
export const storefrontRoutes: RouteObject[] = [];
