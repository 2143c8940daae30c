import { useTranslation } from "react-i18next";

/** A polite loading line for screen readers and sighted users alike. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t("loading")}
    </p>
  );
}
