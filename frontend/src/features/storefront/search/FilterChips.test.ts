import { afterEach, describe, expect, it } from "vitest";
import i18n from "../../../i18n";
import { priceRangeLabel, type Labels } from "../labels";
import { chipLabel } from "./FilterChips";
import { EMPTY_SEARCH, buildChips } from "./searchState";

// Names as useLabels gives them once the reference lists are in, in the UI's language.
const labels = (language: "ko" | "en"): Labels => {
  const t = i18n.getFixedT(language, "storefront");
  return {
    district: (code, fallback) => ({ "11440": language === "en" ? "Mapo-gu" : "마포구" })[code] ?? fallback ?? code,
    tag: (slug) => slug,
    category: (ref) => ref,
    firmKind: (kind) => t(`firmKind.${kind}`),
    sviGrade: (grade) => t(`sviGrade.${grade}`),
    price: (min, max) => priceRangeLabel(t, min, max),
  };
};

const UNDERSTOOD = [
  { field: "price" as const, phrase: "2만원 이하", label: "20,000원 이하", value: { min: null, max: 20000 }, query_without: "마포 비누" },
  { field: "district" as const, phrase: "마포", label: "마포구", value: "11440", query_without: "비누 2만원 이하" },
];

describe("chipLabel", () => {
  afterEach(() => i18n.changeLanguage("ko"));

  it("names picked and understood filters alike, in the UI's language", async () => {
    await i18n.loadNamespaces("storefront");
    await i18n.loadLanguages("en");
    const state = { ...EMPTY_SEARCH, q: "마포 비누 2만원 이하", firm_kind: ["cooperative" as const], price_min: 10000 };
    const chips = buildChips(state, UNDERSTOOD);
    expect(chips.map((chip) => chipLabel(chip, labels("ko")))).toEqual(["협동조합", "10,000원 이상", "20,000원 이하", "마포구"]);
    expect(chips.map((chip) => chipLabel(chip, labels("en")))).toEqual(["Cooperative", "10,000원 and up", "Up to 20,000원", "Mapo-gu"]);
  });
});
