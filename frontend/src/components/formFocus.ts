// Focus on a refused field, shared by the seller and agency portals.
import { useEffect, type RefObject } from "react";

const CONTROL = ":is(input, select, textarea)";

/**
 * Move focus to the first control the refusal marked, or the first control of a marked group (a fieldset of
 * radios or check boxes), so keyboard and screen-reader users land on what to fix.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>(`${CONTROL}[aria-invalid="true"], [aria-invalid="true"] ${CONTROL}`)?.focus();
}

/** After a refusal is drawn (its fields marked), focus the first field it names. */
export function useFocusOnError(form: RefObject<HTMLFormElement | null>, error: unknown): void {
  useEffect(() => {
    if (error) focusFirstInvalid(form.current);
  }, [form, error]);
}
