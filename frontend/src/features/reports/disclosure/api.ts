import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ensureCsrfCookie, unwrap } from "../../../api/client";

const AGENCY_KEY = ["reports", "disclosure", "agency"] as const;

/** The public figures of a year (null: the newest year any agency published). */
export function usePublicDisclosures(year: number | null) {
  return useQuery({
    queryKey: ["reports", "disclosure", "public", year],
    queryFn: () =>
      unwrap(api.GET("/api/v1/public/disclosures/", { params: { query: year === null ? {} : { year } } })),
  });
}

/** The caller's agency's years and whether each is published. */
export function useAgencyDisclosures() {
  return useQuery({ queryKey: AGENCY_KEY, queryFn: () => unwrap(api.GET("/api/v1/agency/disclosures/")) });
}

function useDisclosureMove(move: "publish" | "withdraw") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (year: number) => {
      await ensureCsrfCookie();
      return move === "publish"
        ? unwrap(api.POST("/api/v1/agency/disclosures/", { body: { year } }))
        : unwrap(api.POST("/api/v1/agency/disclosures/withdraw/", { body: { year } }));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: AGENCY_KEY });
      void queryClient.invalidateQueries({ queryKey: ["reports", "disclosure", "public"] });
    },
  });
}

export const usePublish = () => useDisclosureMove("publish");
export const useWithdraw = () => useDisclosureMove("withdraw");
