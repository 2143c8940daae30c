// Who is signed in: GET /api/v1/auth/me/ (401 → a guest). Login and logout live in features/auth.
import { useQuery } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "../api/client";
import type { components } from "../api/schema";

export type Me = components["schemas"]["Me"];
export const ME_QUERY_KEY = ["me"] as const;

export function useMe() {
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await unwrap(api.GET("/api/v1/auth/me/"));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
