// Small pieces the agency pages share. Labelled fields and the URL's list state are the seller portal's, focus on
// a refused field, page titles and the pager are src/components' (one implementation each); the titles, the pager
// and badges speak the agency's namespace.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Pager as SharedPager, type PagerProps } from "../../components/Pager";
import { usePageTitle as useSharedPageTitle } from "../../components/usePageTitle";
import { formatWon } from "../../lib/format";

export { Field, listParams, pageFrom, wholeNumber } from "../seller/ui";
export { focusFirstInvalid, useFocusOnError } from "../../components/formFocus";

export function usePageTitle(title: string): void {
  useSharedPageTitle("agency", title);
}

export function Pager(props: PagerProps) {
  return <SharedPager namespace="agency" {...props} />;
}

const TONES: Record<string, "ok" | "warn" | "bad" | "info"> = {
  // purchases
  submitted: "warn",
  returned: "bad",
  ordered: "info",
  completed: "ok",
  cancelled: "bad",
  // requests for quotation
  open: "info",
  closed: "ok",
  // deliveries and invoices
  awaiting_inspection: "warn",
  inspected: "ok",
  paid: "ok",
  void: "bad",
  // agencies
  pending: "warn",
  approved: "ok",
  rejected: "bad",
};

/** A status as a word in a badge; the word carries the meaning, the colour only repeats it. */
export function StatusBadge({ group, status }: { group: string; status: string }) {
  const { t } = useTranslation("agency");
  return (
    <span className={`badge agency-badge--${TONES[status] ?? "info"}`}>
      {t(`status.${group}.${status}`, { defaultValue: status })}
    </span>
  );
}

/** Supply value, VAT and total, as every Korean tax document shows them. */
export function Amounts({ supply, vat, total, className }: { supply: number; vat: number; total: number; className?: string }) {
  const { t } = useTranslation("agency");
  return (
    <dl className={`agency-amounts ${className ?? ""}`}>
      <div>
        <dt>{t("money.supply")}</dt>
        <dd>{formatWon(supply)}</dd>
      </div>
      <div>
        <dt>{t("money.vat")}</dt>
        <dd>{formatWon(vat)}</dd>
      </div>
      <div className="agency-amounts__total">
        <dt>{t("money.total")}</dt>
        <dd>{formatWon(total)}</dd>
      </div>
    </dl>
  );
}

/** A polite line that announces what just happened (a role change, a sent invitation). */
export function StatusLine({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="agency-status">
      {children}
    </p>
  );
}

/** A district (or anything with both names) in the UI's language. */
export function useLocalName(): (named: { name_ko: string; name_en: string }) => string {
  const { i18n } = useTranslation();
  return (named) => (i18n.language === "en" ? named.name_en || named.name_ko : named.name_ko);
}

/**
 * A table that may scroll sideways on a phone: the region takes keyboard focus (so it can be scrolled with the
 * arrow keys) and is named by `label`.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
