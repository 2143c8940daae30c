import type { QueryClient } from "@tanstack/react-query";
import type { LoaderFunctionArgs, RouteObject } from "react-router";
import i18n from "../../i18n";
import { isProductId, productQuery } from "./product/productQuery";

// The storefront's strings (an i18n namespace, its own chunk): loaded alongside a page's code rather than when the
// page first renders and asks for them.
async function loadStrings() {
  await i18n.loadNamespaces("storefront");
  return null;
}

/**
 * The product page's loader: react-router runs it while the route's lazy code loads, so the product's request
 * and the strings start then instead of after the page renders (bench/README.md, web UI budget). The request is
 * not awaited: a navigation does not wait for it, and the page shows its own loading and error states.
 */
export function productLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    const id = Number(params.id);
    if (isProductId(id)) void queryClient.prefetchQuery(productQuery(id));
    return loadStrings();
  };
}

// Owned by the storefront: home, search, product and firm pages. Each page's code (and the storefront's
// strings) loads on first use, so the entry bundle holds only the shell and the header's search box.
export function storefrontRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    { index: true, loader: loadStrings, lazy: () => import("./home/HomePage").then((m) => ({ Component: m.HomePage })) },
    { path: "search", loader: loadStrings, lazy: () => import("./search/SearchPage").then((m) => ({ Component: m.SearchPage })) },
    {
      path: "products/:id",
      loader: productLoader(queryClient),
      lazy: () => import("./product/ProductPage").then((m) => ({ Component: m.ProductPage })),
    },
    { path: "firms/:id", loader: loadStrings, lazy: () => import("./firm/FirmPage").then((m) => ({ Component: m.FirmPage })) },
  ];
}
