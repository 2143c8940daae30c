// Names shown for codes, in the UI's language: districts, categories and tags from the API's reference lists
// (both languages come with them), firm kinds and grades from our strings, prices as 15,000원.
import { useTranslation } from "react-i18next";
import { formatWon } from "../../lib/format";
import { useCategories, useDistricts, useTags, type CategoryNode } from "./queries";

type Named = { name_ko: string; name_en: string };

export function localName(item: Named, language: string): string {
  return language === "en" ? item.name_en || item.name_ko : item.name_ko;
}

export function findCategory(nodes: readonly CategoryNode[] | undefined, ref: string): CategoryNode | undefined {
  for (const node of nodes ?? []) {
    if (node.slug === ref || String(node.id) === ref) return node;
    const found = findCategory(node.children, ref);
    if (found) return found;
  }
  return undefined;
}

/** A price range in words: both ends inclusive (the API's price_min and price_max). */
export function priceRangeLabel(
  t: (key: string, options?: Record<string, unknown>) => string,
  min: number | null | undefined,
  max: number | null | undefined,
): string {
  if (min != null && max != null) return t("price.between", { min: formatWon(min), max: formatWon(max) });
  if (max != null) return t("price.atMost", { max: formatWon(max) });
  if (min != null) return t("price.atLeast", { min: formatWon(min) });
  return t("price.any");
}

/** A price bucket of the search facet: `to` is exclusive. */
export function priceBucketLabel(
  t: (key: string, options?: Record<string, unknown>) => string,
  from: number | null,
  to: number | null,
): string {
  if (from != null && to != null) return t("price.bucket", { from: formatWon(from), to: formatWon(to) });
  if (to != null) return t("price.below", { to: formatWon(to) });
  if (from != null) return t("price.atLeast", { min: formatWon(from) });
  return t("price.any");
}

export function useLabels() {
  const { t, i18n } = useTranslation("storefront");
  const districts = useDistricts();
  const tags = useTags();
  const categories = useCategories();
  const language = i18n.language;
  return {
    district(code: string, fallback?: string): string {
      const district = districts.data?.find((item) => item.code === code);
      return district ? localName(district, language) : (fallback ?? code);
    },
    tag(slug: string, fallback?: string): string {
      const tag = tags.data?.find((item) => item.slug === slug);
      return tag ? localName(tag, language) : (fallback ?? slug);
    },
    category(ref: string, fallback?: string): string {
      const category = findCategory(categories.data, ref);
      return category ? localName(category, language) : (fallback ?? ref);
    },
    firmKind(kind: string): string {
      return t(`firmKind.${kind}`, { defaultValue: kind });
    },
    sviGrade(grade: string): string {
      return t(`sviGrade.${grade}`, { defaultValue: grade });
    },
    price(min: number | null | undefined, max: number | null | undefined): string {
      return priceRangeLabel(t, min, max);
    },
  };
}

export type Labels = ReturnType<typeof useLabels>;
