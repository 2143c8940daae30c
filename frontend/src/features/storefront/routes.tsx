import type { RouteObject } from "react-router";

// Owned by the storefront: home, search, product and firm pages. Each page's code (and the storefront's
// strings) loads on first use, so the entry bundle holds only the shell and the header's search box.
export const storefrontRoutes: RouteObject[] = [
  { index: true, lazy: () => import("./home/HomePage").then((m) => ({ Component: m.HomePage })) },
  { path: "search", lazy: () => import("./search/SearchPage").then((m) => ({ Component: m.SearchPage })) },
  { path: "products/:id", lazy: () => import("./product/ProductPage").then((m) => ({ Component: m.ProductPage })) },
  { path: "firms/:id", lazy: () => import("./firm/FirmPage").then((m) => ({ Component: m.FirmPage })) },
];
