import type { InputHTMLAttributes, Ref } from "react";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  id: string;
  label: string;
  /** The field's error (from the API or a local check): linked with aria-describedby, the input aria-invalid. */
  error?: string | null | undefined;
  hint?: string;
  /** Shown after the label for a field that may stay empty, e.g. "선택". */
  optionalLabel?: string;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function TextField({ id, label, error, hint, optionalLabel, ref, ...input }: Props) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optionalLabel && <span className="field__optional"> ({optionalLabel})</span>}
      </label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      <input id={id} ref={ref} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Move focus to the first field (in form order) that has an error, so keyboard and screen reader users land on it. */
export function focusFirstError(ids: string[], errors: Record<string, string | undefined>): boolean {
  for (const id of ids) {
    if (errors[id]) {
      document.getElementById(id)?.focus();
      return true;
    }
  }
  return false;
}
