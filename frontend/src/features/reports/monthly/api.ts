import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ensureCsrfCookie, unwrap } from "../../../api/client";

const KEY = ["reports", "monthly-summary"] as const;

export function useMonthlySummary() {
  return useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET("/api/v1/me/monthly-summary/")) });
}

/** Turn the monthly e-mail on (true) or off (false); the answer is the new state. */
export function useSetMonthlySummary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (on: boolean) => {
      await ensureCsrfCookie();
      return on
        ? unwrap(api.PUT("/api/v1/me/monthly-summary/"))
        : unwrap(api.DELETE("/api/v1/me/monthly-summary/"));
    },
    onSuccess: (state) => queryClient.setQueryData(KEY, state),
  });
}
