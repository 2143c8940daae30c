import { useTranslation } from "react-i18next";
import type { Labels } from "../labels";
import type { Chip, SearchState } from "./searchState";

interface Props {
  chips: Chip[];
  labels: Labels;
  onRemove: (next: SearchState) => void;
  onClear: () => void;
}

/** The label a chip shows for its filter. */
export function chipLabel(chip: Chip, labels: Labels): string {
  const value = chip.value;
  // An understood filter is named like a picked one (the API's label is Korean only); its own label is the
  // fallback for what we cannot name.
  if (chip.understood && chip.kind !== "district" && chip.kind !== "price") return chip.understood.label;
  switch (chip.kind) {
    case "category":
      return labels.category(String(value));
    case "district":
      return labels.district(String(value), chip.understood?.label);
    case "firm_kind":
      return labels.firmKind(String(value));
    case "tags":
      return labels.tag(String(value));
    case "svi_grade":
      return labels.sviGrade(String(value));
    case "price": {
      const range = value as { min: number | null; max: number | null };
      return labels.price(range.min, range.max);
    }
    case "in_stock":
      return "";
  }
}

/**
 * The filters in force, each a button that removes it: the ones picked and the ones the search understood
 * from the query's words ("마포" → 마포구, "2만원 이하"), which say so and which phrase they came from.
 */
export function FilterChips({ chips, labels, onRemove, onClear }: Props) {
  const { t } = useTranslation("storefront");
  if (!chips.length) return null;
  return (
    <div className="chips">
      <ul className="chips__list" aria-label={t("chips.heading")}>
        {chips.map((chip) => {
          const label = chip.kind === "in_stock" ? t("filters.inStockOnly") : chipLabel(chip, labels);
          const name = chip.understood
            ? t("chips.removeUnderstood", { label, phrase: chip.understood.phrase })
            : t("chips.remove", { label });
          return (
            <li key={chip.id}>
              <button
                type="button"
                className={chip.understood ? "chip chip--understood" : "chip"}
                aria-label={name}
                onClick={() => onRemove(chip.next)}
              >
                {chip.understood && (
                  <span className="chip__from" aria-hidden="true">
                    {t("chips.fromQuery", { phrase: chip.understood.phrase })}
                  </span>
                )}
                <span>{label}</span>
                <span className="chip__x" aria-hidden="true">
                  ×
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {chips.length > 1 && (
        <button type="button" className="chips__clear" onClick={onClear}>
          {t("chips.clearAll")}
        </button>
      )}
    </div>
  );
}
