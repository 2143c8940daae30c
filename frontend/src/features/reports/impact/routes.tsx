import type { RouteObject } from "react-router";

// A citizen's value consumption (/me/impact) and a card someone shared (/impact/cards/:token, public; Django writes
// its Open Graph tags, api/site.py).
export const impactRoutes: RouteObject[] = [
  { path: "me/impact", lazy: () => import("./ImpactPage").then((m) => ({ Component: m.ImpactPage })) },
  { path: "impact/cards/:token", lazy: () => import("./SharedCardPage").then((m) => ({ Component: m.SharedCardPage })) },
];
