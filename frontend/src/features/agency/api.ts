// The agency portal's server state: TanStack Query hooks over the typed client. What a member may do with a row is
// the server's answer (its can_* flags, market/procurement/rules.py), never worked out here from a status.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";

export type MyAgency = components["schemas"]["MyAgency"];
export type AgencyKind = MyAgency["kind"];
export type AgencyRole = MyAgency["roles"][number];
export type AgencyMember = components["schemas"]["AgencyMember"];
export type AgencyInvitation = components["schemas"]["AgencyInvitation"];

export const AGENCY_KINDS: AgencyKind[] = ["city", "district_office", "public_institution", "school", "other"];
export const ROLES: AgencyRole[] = ["requester", "approver", "inspector", "admin"];

export const agencyKeys = {
  all: ["agency"] as const,
  mine: ["agency", "mine"] as const,
  members: ["agency", "members"] as const,
  invitations: ["agency", "invitations"] as const,
};

/** The caller's agency and their roles in it (403 not_agency_member when they have none). */
export function useMyAgency() {
  return useQuery({ queryKey: agencyKeys.mine, queryFn: () => unwrap(api.GET("/api/v1/agency/")) });
}

export function useMembers() {
  return useQuery({
    queryKey: agencyKeys.members,
    queryFn: () => unwrap(api.GET("/api/v1/agency/members/", { params: { query: { page_size: 100 } } })),
  });
}

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: agencyKeys.invitations,
    queryFn: () => unwrap(api.GET("/api/v1/agency/invitations/", { params: { query: { page_size: 100 } } })),
    enabled,
  });
}

export const performanceKey = (year: number) => ["agency", "performance", year] as const;

export function usePerformance(year: number) {
  return useQuery({
    queryKey: performanceKey(year),
    queryFn: () => unwrap(api.GET("/api/v1/agency/performance/", { params: { query: { year } } })),
  });
}

export function useDistricts() {
  return useQuery({
    queryKey: ["districts"],
    queryFn: () => unwrap(api.GET("/api/v1/districts/")),
    staleTime: 60 * 60_000,
  });
}
