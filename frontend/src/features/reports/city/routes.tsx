import type { RouteObject } from "react-router";

// The city's and districts' report: operators and district officers (the page asks the server who may see what).
export const cityReportRoutes: RouteObject[] = [
  { path: "reports/city", lazy: () => import("./CityReportPage").then((m) => ({ Component: m.CityReportPage })) },
];
