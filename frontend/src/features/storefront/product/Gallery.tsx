import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Product } from "../queries";

type Image = Product["images"][number];

function largeUrl(image: Image): string | null {
  return image.renditions.large ?? image.url ?? null;
}

// The renditions the main picture may be drawn from, with their longest side (market/catalog/images.py
// RENDITION_SPECS: each fits inside a square of that side, never upscaled). api/site.py preloads the same
// candidates with the same sizes, so the browser fetches one file for both.
const CANDIDATES = [
  ["card", 600],
  ["large", 1600],
] as const;
// The picture's width on screen (global.css, storefront.css): the screen's less the page's 16 px padding each side;
// from 720 px half of that less half the 24 px gap; 572 px once the page stops growing at 1200.
export const GALLERY_SIZES = "(min-width: 1200px) 572px, (min-width: 720px) calc(50vw - 28px), calc(100vw - 32px)";

/** "url 600w, url 1200w" from the renditions made, so a phone loads a phone-sized file. */
export function gallerySrcSet(image: Image): string | undefined {
  const { width = 0, height = 0 } = image;
  if (!width || !height) return undefined;
  const longest = Math.max(width, height);
  const byWidth = new Map<number, string>(); // smaller than a side, two renditions share a width: the first stays
  for (const [name, side] of CANDIDATES) {
    const url = image.renditions[name];
    const renditionWidth = longest > side ? Math.floor((width * side) / longest) : width;
    if (url && !byWidth.has(renditionWidth)) byWidth.set(renditionWidth, url);
  }
  return byWidth.size ? [...byWidth].map(([w, url]) => `${url} ${w}w`).join(", ") : undefined;
}

/** The product's pictures: a large one, and a button per picture to show it (each with its alt text). */
export function Gallery({ images, title }: { images: Image[]; title: string }) {
  const { t } = useTranslation("storefront");
  const shown = [...images].filter((image) => largeUrl(image)).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const [index, setIndex] = useState(0);
  const current = shown[Math.min(index, shown.length - 1)];
  if (!current) {
    return (
      <div className="gallery gallery--empty">
        <p>{t("product.noImage")}</p>
      </div>
    );
  }
  const alt = (image: Image) => image.alt_text?.trim() || title;
  return (
    <div className="gallery">
      <div className="gallery__main">
        {/* The largest element of the page: loaded first (the server's HTML preloads it), its box sized before it
            arrives. */}
        <img
          src={largeUrl(current)!}
          srcSet={gallerySrcSet(current)}
          sizes={GALLERY_SIZES}
          alt={alt(current)}
          width={current.width || 800}
          height={current.height || 800}
          fetchPriority="high"
          decoding="async"
        />
      </div>
      {shown.length > 1 && (
        <ul className="gallery__thumbs" aria-label={t("product.pictures")}>
          {shown.map((image, i) => (
            <li key={image.id}>
              <button
                type="button"
                className="gallery__thumb"
                aria-pressed={i === index}
                aria-label={t("product.showPicture", { index: i + 1, total: shown.length, alt: alt(image) })}
                onClick={() => setIndex(i)}
              >
                <img src={image.renditions.thumbnail ?? largeUrl(image)!} alt="" width={72} height={72} loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
