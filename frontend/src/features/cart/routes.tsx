import type { RouteObject } from "react-router";

// Owned by cart and checkout: /cart, /checkout.
export const cartRoutes: RouteObject[] = [];
