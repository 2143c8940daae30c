// Small pieces the seller pages share: labelled fields with their errors, pagination, page titles.
import type { ReactNode } from "react";
import { Pager as SharedPager, type PagerProps } from "../../components/Pager";
import { usePageTitle as useSharedPageTitle } from "../../components/usePageTitle";

export interface ControlProps {
  id: string;
  name: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
}

interface FieldProps {
  name: string;
  label: string;
  /** The server's message for this field, if any. */
  error?: string | null;
  hint?: string;
  idPrefix?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A label, its control, a hint and an error, linked by aria-describedby and aria-invalid. */
export function Field({ name, label, error, hint, idPrefix = "f", children }: FieldProps) {
  const id = `${idPrefix}-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined })}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export { focusFirstInvalid, useFocusOnError } from "../../components/formFocus";

export function usePageTitle(title: string): void {
  useSharedPageTitle("seller", title);
}

export function Pager(props: PagerProps) {
  return <SharedPager namespace="seller" {...props} />;
}

/** A page number from the URL (?page=), 1 when absent or not a positive whole number. */
export function pageFrom(value: string | null): number {
  const page = Number(value);
  return Number.isInteger(page) && page > 0 ? page : 1;
}

/** A text box's value for a whole-number field: a number when it is one, else the text, for the server to refuse. */
export function wholeNumber(value: string): number {
  const trimmed = value.replace(/,/g, "").trim();
  return (/^-?\d+$/.test(trimmed) ? Number(trimmed) : value) as number;
}

/**
 * A list page's filter and page number live in the URL (shareable, back button): `next` changes the status
 * filter (empty clears it, and a new filter starts again at page 1) and/or the page (1 is left out).
 */
export function listParams(params: URLSearchParams, next: { status?: string; page?: number }): URLSearchParams {
  const search = new URLSearchParams(params);
  if (next.status !== undefined) {
    if (next.status) search.set("status", next.status);
    else search.delete("status");
    search.delete("page");
  }
  if (next.page !== undefined) {
    if (next.page > 1) search.set("page", String(next.page));
    else search.delete("page");
  }
  return search;
}
