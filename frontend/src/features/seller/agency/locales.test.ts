import { describe, expect, it } from "vitest";
import en from "../../../locales/en/sellerAgency.json";
import ko from "../../../locales/ko/sellerAgency.json";

// Every string of the seller's agency pages exists in both languages (English plural forms count as one key).
function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "object" && value !== null
      ? keys(value, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, "")}`],
  );
}

describe("sellerAgency strings", () => {
  it("Korean and English have the same keys", () => {
    expect([...new Set(keys(en))].sort()).toEqual([...new Set(keys(ko))].sort());
  });
});
