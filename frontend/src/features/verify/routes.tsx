import type { RouteObject } from "react-router";

// The public check of a document's verification code (printed on every PDF as <site>/verify/<code>).
export const verifyRoutes: RouteObject[] = [
  { path: "verify", lazy: () => import("./VerifyPage").then((m) => ({ Component: m.VerifyPage })) },
  { path: "verify/:code", lazy: () => import("./VerifyPage").then((m) => ({ Component: m.VerifyPage })) },
];
