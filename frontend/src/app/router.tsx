import { createBrowserRouter, type RouteObject } from "react-router";
import { agencyRoutes } from "../features/agency/routes";
import { authRoutes } from "../features/auth/routes";
import { cartRoutes } from "../features/cart/routes";
import { orderRoutes } from "../features/orders/routes";
import { cityReportRoutes } from "../features/reports/city/routes";
import { disclosureRoutes } from "../features/reports/disclosure/routes";
import { impactRoutes } from "../features/reports/impact/routes";
import { sellerRoutes } from "../features/seller/routes";
import { storefrontRoutes } from "../features/storefront/routes";
import { verifyRoutes } from "../features/verify/routes";
import { Loading } from "../components/Loading";
import { Layout } from "./Layout";
import { NotFound } from "./NotFound";
import { queryClient } from "./queryClient";
import { RouteError } from "./RouteError";

// Each feature owns its routes; Django answers every one of these paths with the app (api/site.py). Loaders get
// the app's query cache, to start a page's requests while its lazy code loads.
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    // Shown while the first page's lazy route loads (react-router asks for it on the initial load).
    hydrateFallbackElement: <Loading />,
    children: [...storefrontRoutes(queryClient), ...cartRoutes, ...orderRoutes, ...impactRoutes, ...cityReportRoutes, ...disclosureRoutes, ...authRoutes, ...sellerRoutes, ...agencyRoutes, ...verifyRoutes, { path: "*", element: <NotFound /> }],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
