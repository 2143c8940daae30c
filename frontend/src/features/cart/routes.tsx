import type { RouteObject } from "react-router";

// The cart, the checkout's shipping form, and its card payment step (Stripe.js loads on that page only).
export const cartRoutes: RouteObject[] = [
  { path: "cart", lazy: () => import("./CartPage").then((m) => ({ Component: m.CartPage })) },
  { path: "checkout", lazy: () => import("./CheckoutPage").then((m) => ({ Component: m.CheckoutPage })) },
  { path: "checkout/:orderId", lazy: () => import("./payment/PaymentPage").then((m) => ({ Component: m.PaymentPage })) },
];
