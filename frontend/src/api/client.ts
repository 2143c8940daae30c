// The only way the UI talks to the server: openapi-fetch typed by the generated schema (schema.d.ts).
import createClient, { type Middleware } from "openapi-fetch";
import i18n from "../i18n";
import type { paths } from "./schema";

/** The API's one error shape (api/errors.py): {"error": {code, message, field?, details?}}. */
export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string | null;
  details?: unknown;
}

/** A failed API call. `status` 0 means the request never got an answer (network down, server unreachable). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly details: unknown;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.field = body.field ?? null;
    this.details = body.details ?? null;
  }

  /** Server failures and lost connections are worth retrying; a 4xx says what to fix instead. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

function readCookie(name: string): string | null {
  const match = document.cookie.split("; ").find((part) => part.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// Session cookie auth (same origin): Django's CSRF token goes back in X-CSRFToken on every unsafe request,
// and the UI's language in Accept-Language so that the API's messages come in the same language.
const browserSession: Middleware = {
  onRequest({ request }) {
    request.headers.set("Accept-Language", i18n.language || "ko");
    if (UNSAFE_METHODS.has(request.method)) {
      const token = readCookie("csrftoken");
      if (token) request.headers.set("X-CSRFToken", token);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "/", credentials: "same-origin" });
api.use(browserSession);

/** Parse any error body into ApiError; a non-JSON answer (a proxy's HTML page) still becomes one. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: ApiErrorBody } | undefined)?.error;
  if (error && typeof error.code === "string") return new ApiError(status, error);
  return new ApiError(status, { code: status ? "http_error" : "network_error", message: i18n.t("common:error.server") });
}

/**
 * Unwrap an openapi-fetch result: the data, or throw ApiError. Use inside TanStack Query functions:
 *   useQuery({ queryKey: [...], queryFn: () => unwrap(api.GET("/api/v1/products/", { params })) })
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, { code: "network_error", message: i18n.t("common:error.network") });
  }
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

/** Django's CSRF cookie: the session login GETs it first (api/v1/auth.py explains why). */
export async function ensureCsrfCookie(): Promise<void> {
  if (!readCookie("csrftoken")) await unwrap(api.GET("/api/v1/auth/login/"));
}
