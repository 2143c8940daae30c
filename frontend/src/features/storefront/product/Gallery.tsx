import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Product } from "../queries";

type Image = Product["images"][number];

function largeUrl(image: Image): string | null {
  return image.renditions.large ?? image.url ?? null;
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
        {/* The largest element of the page: loaded first, its box sized before it arrives. */}
        <img
          src={largeUrl(current)!}
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
