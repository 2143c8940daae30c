import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/client";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data a loader fetched is still fresh when its page mounts a moment later: not asked for twice.
        staleTime: 30_000,
        // Retry what may pass on a second try (network, 5xx); a 4xx will not change by itself.
        retry: (failures, error) => failures < 2 && (!(error instanceof ApiError) || error.retryable),
      },
    },
  });
}

// The app's one cache of server state: the React tree reads it (main.tsx) and the router's loaders fill it
// (router.tsx), so a page's data can be asked for while the page's code is still loading.
export const queryClient = createQueryClient();
