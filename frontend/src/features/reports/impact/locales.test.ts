import { describe, expect, it } from "vitest";
import en from "../../../locales/en/reportsImpact.json";
import ko from "../../../locales/ko/reportsImpact.json";

// Every string exists in both languages (plural forms _one/_other count as the one key).
function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "object" && value !== null
      ? keys(value, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, "")}`],
  );
}

describe("value-consumption strings", () => {
  it("Korean and English have the same keys", () => {
    expect([...new Set(keys(en))].sort()).toEqual([...new Set(keys(ko))].sort());
  });
});
