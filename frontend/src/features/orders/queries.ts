import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ensureCsrfCookie, unwrap } from "../../api/client";
import type { ClaimKind, Order } from "./orderRules";

export const ORDER_LIST_KEY = ["orders", "list"] as const;
export const orderKey = (id: number) => ["orders", id] as const;

export function useOrders(page: number) {
  return useQuery({
    queryKey: [...ORDER_LIST_KEY, page],
    queryFn: () => unwrap(api.GET("/api/v1/orders/", { params: { query: { page } } })),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: number) {
  return useQuery({
    queryKey: orderKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/orders/{id}/", { params: { path: { id } } })),
  });
}

/** The buyer's moves on an order; each answers with the order as it is now, which replaces ours. */
function useOrderMove<Vars>(orderId: number, call: (vars: Vars) => Promise<Order>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (vars: Vars) => {
      await ensureCsrfCookie();
      return call(vars);
    },
    onSuccess: (order) => {
      queryClient.setQueryData(orderKey(orderId), order);
      void queryClient.invalidateQueries({ queryKey: ORDER_LIST_KEY });
    },
  });
}

export function useConfirmPurchase(orderId: number) {
  return useOrderMove(orderId, (fulfilmentId: number) =>
    unwrap(
      api.POST("/api/v1/orders/{id}/fulfilments/{fulfilment_id}/confirm-purchase/", {
        params: { path: { id: orderId, fulfilment_id: fulfilmentId } },
      }),
    ),
  );
}

export function useOpenClaim(orderId: number) {
  return useOrderMove(orderId, ({ fulfilmentId, kind, reason }: { fulfilmentId: number; kind: ClaimKind; reason: string }) =>
    unwrap(
      api.POST("/api/v1/orders/{id}/fulfilments/{fulfilment_id}/claim/", {
        params: { path: { id: orderId, fulfilment_id: fulfilmentId } },
        body: { kind, reason },
      }),
    ),
  );
}

export function useCancelOrder(orderId: number) {
  return useOrderMove(orderId, () => unwrap(api.POST("/api/v1/orders/{id}/cancel/", { params: { path: { id: orderId } } })));
}
