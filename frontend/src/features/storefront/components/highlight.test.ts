import { describe, expect, it } from "vitest";
import { highlightSegments } from "./highlight";

describe("highlightSegments", () => {
  it("splits marked words from the rest", () => {
    expect(highlightSegments("NEW 답례품 <em>떡</em> 세트")).toEqual([
      { text: "NEW 답례품 ", match: false },
      { text: "떡", match: true },
      { text: " 세트", match: false },
    ]);
  });

  it("decodes the escaped text, so markup in a title stays text", () => {
    expect(highlightSegments("&lt;script&gt; &amp; <em>쿠키</em>&#39;s")).toEqual([
      { text: "<script> & ", match: false },
      { text: "쿠키", match: true },
      { text: "'s", match: false },
    ]);
  });

  it("joins neighbouring marks and leaves plain text whole", () => {
    expect(highlightSegments("<em>수제</em><em>쿠키</em>")).toEqual([{ text: "수제쿠키", match: true }]);
    expect(highlightSegments("그냥 글")).toEqual([{ text: "그냥 글", match: false }]);
  });
});
