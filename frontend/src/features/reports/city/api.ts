// The city's and districts' report: TanStack Query hooks over the typed client. Operators read the city's report (a
// district with ?district=); a district officer reads their own district's (reports/districts/{code}/).
import { useQuery } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import type { CityQuery } from "./figures";

export type CityReport = components["schemas"]["CityReport"];
export type ReportAccess = components["schemas"]["ReportAccess"];

export const cityReportKeys = {
  access: ["reports", "access"] as const,
  report: (scope: string, query: CityQuery) => ["reports", "city", scope, query] as const,
};

/** What the caller may open; null when they may open nothing (403). */
export function useReportAccess() {
  return useQuery({
    queryKey: cityReportKeys.access,
    queryFn: async (): Promise<ReportAccess | null> => {
      try {
        return await unwrap(api.GET("/api/v1/reports/access/"));
      } catch (error) {
        if (error instanceof ApiError && error.status === 403) return null;
        throw error;
      }
    },
  });
}

/** The report for the query: the city's (operators) or `officerDistrict`'s (a district officer). */
export function useCityReport(query: CityQuery, officerDistrict: string | null, enabled: boolean) {
  return useQuery({
    queryKey: cityReportKeys.report(officerDistrict ?? "city", query),
    enabled,
    queryFn: () => {
      const { district, ...rest } = query;
      return officerDistrict
        ? unwrap(api.GET("/api/v1/reports/districts/{code}/", { params: { path: { code: officerDistrict }, query: rest } }))
        : unwrap(api.GET("/api/v1/operator/reports/city/", { params: { query: { ...rest, ...(district ? { district } : {}) } } }));
    },
  });
}
