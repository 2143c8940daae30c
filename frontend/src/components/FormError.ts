import { ApiError } from "../api/client";

/**
 * Map an API error onto a form: each field named in `details` ([{field, code, message}], dotted paths for
 * nested ones, e.g. "shipping.phone") gets its first message; an error naming no field is a form-level message.
 */
export function fieldErrors(error: unknown): { fields: Record<string, string>; form: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, form: null };
  const fields: Record<string, string> = {};
  if (Array.isArray(error.details)) {
    for (const item of error.details as { field?: unknown; message?: unknown }[]) {
      if (typeof item?.field === "string" && typeof item.message === "string" && !(item.field in fields)) {
        fields[item.field] = item.message;
      }
    }
  }
  if (error.field && !(error.field in fields)) fields[error.field] = error.message;
  return { fields, form: Object.keys(fields).length ? null : error.message };
}
