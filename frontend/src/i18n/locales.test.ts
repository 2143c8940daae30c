import { describe, expect, it } from "vitest";

// Every namespace of the UI, in both languages: the same keys (English plural forms _one/_other count as the one
// key), the same {{placeholders}} per key, and no blank string, so that switching to English never shows a key
// name or drops a figure. (Some features keep a test of their own namespace; this one covers them all.)
const files = import.meta.glob<Record<string, unknown>>("../locales/*/*.json", { eager: true, import: "default" });

type Strings = Map<string, string[]>;

function strings(tree: Record<string, unknown>, prefix = "", into: Strings = new Map()): Strings {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "object" && value !== null) {
      strings(value as Record<string, unknown>, `${prefix}${key}.`, into);
    } else {
      const name = `${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, "")}`;
      into.set(name, [...(into.get(name) ?? []), String(value)]);
    }
  }
  return into;
}

const placeholders = (texts: string[]) => [...new Set(texts.flatMap((text) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1])))].sort();

function namespaces(language: string): Map<string, Strings> {
  const found = new Map<string, Strings>();
  for (const [file, tree] of Object.entries(files)) {
    const [, lang, namespace] = /locales\/(\w+)\/(\w+)\.json$/.exec(file)!;
    if (lang === language) found.set(namespace!, strings(tree));
  }
  return found;
}

const ko = namespaces("ko");
const en = namespaces("en");

describe("the UI's strings", () => {
  it("has the same namespaces in Korean and English", () => {
    expect(ko.size).toBeGreaterThan(10);
    expect([...en.keys()].sort()).toEqual([...ko.keys()].sort());
  });

  it.each([...ko.keys()])("%s: the same keys and placeholders in both languages, none blank", (namespace) => {
    const korean = ko.get(namespace)!;
    const english = en.get(namespace) ?? new Map<string, string[]>();
    expect([...english.keys()].sort()).toEqual([...korean.keys()].sort());
    const differing = [...korean.keys()].filter(
      (key) => english.has(key) && placeholders(korean.get(key)!).join() !== placeholders(english.get(key)!).join(),
    );
    expect(differing).toEqual([]);
    const blank = [...korean, ...english].filter(([, texts]) => texts.some((text) => !text.trim())).map(([key]) => key);
    expect(blank).toEqual([]);
  });
});
