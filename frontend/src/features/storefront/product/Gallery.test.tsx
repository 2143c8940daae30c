import { render, screen } from "@testing-library/react";
import { Suspense } from "react";
import { describe, expect, it } from "vitest";
import type { Product } from "../queries";
import { GALLERY_SIZES, Gallery, gallerySrcSet } from "./Gallery";

type Image = Product["images"][number];

function image(overrides: Partial<Image> = {}): Image {
  return {
    id: 5,
    url: "/media/products/1/a.jpg",
    width: 700,
    height: 900,
    format: "JPEG",
    alt_text: "",
    position: 0,
    renditions: {
      thumbnail: "/media/r/5-thumbnail.jpg",
      card: "/media/r/5-card.jpg",
      large: "/media/r/5-large.jpg",
      webp: "/media/r/5-webp.webp",
    },
    renditions_status: "ready",
    ...overrides,
  };
}

describe("gallerySrcSet", () => {
  it("lists the card and large renditions with the widths they were made at", () => {
    // 700×900: the card fits 600 px high (466 px wide); the large one is the picture's own size (never upscaled).
    expect(gallerySrcSet(image())).toBe("/media/r/5-card.jpg 466w, /media/r/5-large.jpg 700w");
    expect(gallerySrcSet(image({ width: 3200, height: 2400 }))).toBe("/media/r/5-card.jpg 600w, /media/r/5-large.jpg 1600w");
  });

  it("keeps one file per width, and none without the picture's size or renditions", () => {
    expect(gallerySrcSet(image({ width: 300, height: 200 }))).toBe("/media/r/5-card.jpg 300w");
    expect(gallerySrcSet(image({ width: 0 }))).toBeUndefined();
    expect(gallerySrcSet(image({ renditions: {} }))).toBeUndefined();
  });
});

describe("Gallery", () => {
  it("draws the first picture first, phone-sized when the screen is, its box sized; the others' thumbnails lazily", async () => {
    render(
      <Suspense fallback={null}>
        <Gallery images={[image({ id: 6, position: 1, alt_text: "뒷면" }), image({ alt_text: "앞면" })]} title="떡" />
      </Suspense>,
    );
    const main = await screen.findByRole("img", { name: "앞면" });
    expect(main).toHaveAttribute("src", "/media/r/5-large.jpg");
    expect(main).toHaveAttribute("srcset", "/media/r/5-card.jpg 466w, /media/r/5-large.jpg 700w");
    expect(main).toHaveAttribute("sizes", GALLERY_SIZES);
    expect(main).toHaveAttribute("width", "700");
    expect(main).toHaveAttribute("height", "900");
    expect(main).toHaveAttribute("fetchpriority", "high");
    expect(main).not.toHaveAttribute("loading");
    const thumbnails = screen.getAllByRole("button").map((button) => button.querySelector("img")!);
    expect(thumbnails).toHaveLength(2);
    for (const thumbnail of thumbnails) expect(thumbnail).toHaveAttribute("loading", "lazy");
  });
});
