import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ensureCsrfCookie, unwrap } from "../../../api/client";
import type { Figure } from "./figures";

const CARDS_KEY = ["impact", "cards"] as const;

export function useMyImpact(year: number | null) {
  return useQuery({
    queryKey: ["impact", "me", year],
    queryFn: () => unwrap(api.GET("/api/v1/me/impact/", { params: { query: year === null ? {} : { year } } })),
  });
}

export function useOrderImpact(number: string) {
  return useQuery({
    queryKey: ["impact", "order", number],
    queryFn: () => unwrap(api.GET("/api/v1/orders/{number}/impact/", { params: { path: { number } } })),
  });
}

export function useImpactCards() {
  return useQuery({ queryKey: CARDS_KEY, queryFn: () => unwrap(api.GET("/api/v1/me/impact/cards/")) });
}

export function useCreateCard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { year: number } & Record<Figure, boolean>) => {
      await ensureCsrfCookie();
      return unwrap(api.POST("/api/v1/me/impact/cards/", { body }));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: CARDS_KEY }),
  });
}

export function useRevokeCard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (token: string) => {
      await ensureCsrfCookie();
      return unwrap(api.DELETE("/api/v1/me/impact/cards/{token}/", { params: { path: { token } } }));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: CARDS_KEY }),
  });
}

export function useSharedCard(token: string) {
  return useQuery({
    queryKey: ["impact", "shared", token],
    queryFn: () => unwrap(api.GET("/api/v1/impact-cards/{token}/", { params: { path: { token } } })),
    retry: false,
  });
}
