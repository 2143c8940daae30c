// Sign-in with the session (the web UI's way; API clients use tokens): CSRF cookie first, then auth/login/.
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ensureCsrfCookie, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { ME_QUERY_KEY, type Me } from "../../app/session";

export type LoginInput = components["schemas"]["LoginRequest"];
export type BuyerSignupInput = components["schemas"]["BuyerRegistrationRequest"];
export type SellerSignupInput = components["schemas"]["SellerRegistrationRequest"];
type User = components["schemas"]["User"];

async function sessionLogin(body: LoginInput): Promise<User> {
  await ensureCsrfCookie();
  return unwrap(api.POST("/api/v1/auth/login/", { body }));
}

/** Registration answers with an API token; the web UI signs in with the session instead, so that token is ended
 * at once rather than left valid. Sent without cookies: the session (and its guest cart) must stay. */
async function endRegistrationToken(token: string): Promise<void> {
  try {
    await api.POST("/api/v1/auth/logout/", { headers: { Authorization: `Token ${token}` }, credentials: "omit" });
  } catch {
    // It expires by itself (AUTH_TOKEN_TTL_HOURS); nothing for the user to do.
  }
}

async function signedIn(queryClient: QueryClient, user: User): Promise<void> {
  // The login answers the account only; auth/me/ adds the agency membership and a district officer's district,
  // which the header and the agency portal read, so the next page does not first draw the account without them.
  let me: Me;
  try {
    me = await unwrap(api.GET("/api/v1/auth/me/"));
  } catch {
    me = { ...user, agency: null, officer_district: null };
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  }
  queryClient.setQueryData(ME_QUERY_KEY, me);
  // The server joined the guest's cart into the account's; orders and the rest differ for a member too.
  await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== ME_QUERY_KEY[0] });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sessionLogin,
    onSuccess: (user) => signedIn(queryClient, user),
  });
}

export function useSignup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { kind: "buyer"; body: BuyerSignupInput } | { kind: "seller"; body: SellerSignupInput }) => {
      await ensureCsrfCookie(); // registration checks CSRF when the request carries cookies (a guest cart does)
      const registered =
        input.kind === "buyer"
          ? await unwrap(api.POST("/api/v1/auth/register/", { body: input.body }))
          : await unwrap(api.POST("/api/v1/auth/register/seller/", { body: input.body }));
      const user = await sessionLogin({ email: input.body.email, password: input.body.password });
      await endRegistrationToken(registered.token);
      return user;
    },
    onSuccess: (user) => signedIn(queryClient, user),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout/")),
    onSuccess: async () => {
      queryClient.setQueryData(ME_QUERY_KEY, null);
      // Forget the member's data (orders, cart) and fetch what is still shown as a guest.
      await queryClient.resetQueries({ predicate: (query) => query.queryKey[0] !== ME_QUERY_KEY[0] });
    },
  });
}
