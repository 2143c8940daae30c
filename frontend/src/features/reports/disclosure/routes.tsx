import type { RouteObject } from "react-router";

// The public disclosure (공시) of agencies' plans and results, open to anyone.
export const disclosureRoutes: RouteObject[] = [
  { path: "disclosure", lazy: () => import("./DisclosurePage").then((m) => ({ Component: m.DisclosurePage })) },
];
