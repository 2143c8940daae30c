import { useRef } from "react";
import { useTranslation } from "react-i18next";
import type { SellerProduct } from "../api";
import { Field, wholeNumber } from "../ui";

/** One row of the form: the texts typed, and a key that stays with the row when others are removed. */
export interface TierRow {
  key: number;
  min_quantity: string;
  unit_price: string;
}

/** The server allows this many tiers (market/catalog/services.py MAX_PRICE_TIERS); more rows are not offered. */
export const MAX_TIER_ROWS = 10;

let lastKey = 0;
export function tierRow(min_quantity = "", unit_price = ""): TierRow {
  lastKey += 1;
  return { key: lastKey, min_quantity, unit_price };
}

export function tierRows(product?: SellerProduct): TierRow[] {
  return (product?.price_tiers ?? []).map((tier) => tierRow(String(tier.min_quantity), String(tier.unit_price)));
}

/**
 * The rows as the API takes them (it replaces all the product's tiers): every row in order, so that the
 * server's errors (price_tiers[2].unit_price) name the row shown third. A box that is not a whole number is sent
 * as typed for the server to refuse beside it.
 */
export function tiersBody(rows: TierRow[]): { min_quantity: number; unit_price: number }[] {
  return rows.map((row) => ({ min_quantity: wholeNumber(row.min_quantity), unit_price: wholeNumber(row.unit_price) }));
}

interface Props {
  rows: TierRow[];
  onChange: (rows: TierRow[]) => void;
  /** The server's messages by field, e.g. "price_tiers[1].unit_price" and "price_tiers" for the whole list. */
  errors: Record<string, string>;
  unit: string;
}

/** Volume prices: rows of "from this many, this much each", added and removed; each row's errors beside it. */
export function PriceTiersEditor({ rows, onChange, errors, unit }: Props) {
  const { t } = useTranslation("seller");
  const addButton = useRef<HTMLButtonElement>(null);
  const listError = errors.price_tiers;
  const update = (key: number, part: "min_quantity" | "unit_price", text: string) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, [part]: text } : row)));
  return (
    <fieldset
      className="seller-fieldset price-tiers"
      aria-describedby={["f-price-tiers-hint", listError ? "f-price-tiers-error" : ""].filter(Boolean).join(" ")}
    >
      <legend>{t("tiers.title")}</legend>
      <p className="field__hint" id="f-price-tiers-hint">
        {t("tiers.hint", { unit })}
      </p>
      {rows.length === 0 && <p className="seller-muted">{t("tiers.none")}</p>}
      <ol className="price-tiers__rows">
        {rows.map((row, index) => {
          const position = index + 1;
          return (
            <li key={row.key} className="price-tiers__row">
              <Field
                name={`price_tiers[${index}].min_quantity`}
                label={t("tiers.minQuantity", { position, unit })}
                error={errors[`price_tiers[${index}].min_quantity`]}
              >
                {(control) => (
                  <input
                    {...control}
                    inputMode="numeric"
                    value={row.min_quantity}
                    onChange={(event) => update(row.key, "min_quantity", event.target.value)}
                  />
                )}
              </Field>
              <Field
                name={`price_tiers[${index}].unit_price`}
                label={t("tiers.unitPrice", { position, unit })}
                error={errors[`price_tiers[${index}].unit_price`]}
              >
                {(control) => (
                  <input
                    {...control}
                    inputMode="numeric"
                    value={row.unit_price}
                    onChange={(event) => update(row.key, "unit_price", event.target.value)}
                  />
                )}
              </Field>
              <button
                type="button"
                className="button button--secondary price-tiers__remove"
                aria-label={t("tiers.removeRow", { position })}
                onClick={() => {
                  onChange(rows.filter((other) => other.key !== row.key));
                  addButton.current?.focus(); // the removed button took the focus with it
                }}
              >
                {t("tiers.remove")}
              </button>
            </li>
          );
        })}
      </ol>
      {listError && (
        <p className="field__error" id="f-price-tiers-error">
          {listError}
        </p>
      )}
      <button
        ref={addButton}
        type="button"
        className="button button--secondary"
        onClick={() => onChange([...rows, tierRow()])}
        disabled={rows.length >= MAX_TIER_ROWS}
      >
        {t("tiers.add")}
      </button>
    </fieldset>
  );
}
