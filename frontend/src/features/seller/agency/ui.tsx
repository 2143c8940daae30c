// Pieces the seller's agency pages share: status badges and the three figures of every Korean tax document.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatWon } from "../../../lib/format";

const TONES: Record<string, "ok" | "warn" | "bad" | undefined> = {
  open: "warn",
  submitted: "warn",
  awaiting_inspection: "warn",
  selected: "ok",
  completed: "ok",
  inspected: "ok",
  paid: "ok",
  accepted: "ok",
  withdrawn: "bad",
  not_selected: "bad",
  cancelled: "bad",
  void: "bad",
  rejected: "bad",
};

/** A status as a word in a badge (the word carries the meaning; the colour only repeats it). */
export function StatusBadge({ group, status }: { group: string; status: string }) {
  const { t } = useTranslation("sellerAgency");
  const tone = TONES[status];
  return (
    <span className={`badge${tone ? ` seller-badge--${tone}` : ""}`}>
      {t(`status.${group}.${status}`, { defaultValue: status })}
    </span>
  );
}

/** Supply value (공급가액), VAT (세액) and total, as every quotation, delivery note and invoice shows them. */
export function Amounts({ supply, vat, total, label }: { supply: number; vat: number; total: number; label?: string }) {
  const { t } = useTranslation("sellerAgency");
  return (
    <dl className="sa-amounts" aria-label={label}>
      <div>
        <dt>{t("money.supply")}</dt>
        <dd>{formatWon(supply)}</dd>
      </div>
      <div>
        <dt>{t("money.vat")}</dt>
        <dd>{formatWon(vat)}</dd>
      </div>
      <div className="sa-amounts__total">
        <dt>{t("money.total")}</dt>
        <dd>{formatWon(total)}</dd>
      </div>
    </dl>
  );
}

/** A positive whole number from an id in the URL, else null (the page then says it is not found). */
export function idFrom(value: string | undefined): number | null {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * A table's box that scrolls sideways on a phone; it takes keyboard focus so that it can be scrolled by keys,
 * and is named by the table's caption (or `label`).
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
