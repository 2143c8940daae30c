import { afterEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { formatDate, formatWon } from "./format";

describe("formatWon", () => {
  it("groups thousands and adds 원", () => {
    expect(formatWon(15000)).toBe("15,000원");
    expect(formatWon(1234567)).toBe("1,234,567원");
    expect(formatWon(0)).toBe("0원");
  });
});

describe("formatDate", () => {
  afterEach(() => i18n.changeLanguage("ko"));

  it("writes a calendar day in Korean form, in Seoul's time zone", () => {
    expect(formatDate("2026-12-01")).toBe("2026년 12월 1일");
    // 15:30 UTC is already the next day in Seoul.
    expect(formatDate("2026-12-01T15:30:00Z")).toBe("2026년 12월 2일");
  });

  it("follows the language switch", async () => {
    await i18n.changeLanguage("en");
    expect(formatDate("2026-12-01")).toBe("December 1, 2026");
  });
});
