import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatNumber, formatWon } from "../../../lib/format";
import { useLabels } from "../labels";
import type { Product, SearchHit } from "../queries";
import { highlightSegments } from "./highlight";

/** The image a card shows: the card-size rendition when ready, else the stored original, else none. */
export function cardImageUrl(product: Pick<Product, "images">): string | null {
  const image = product.images[0];
  if (!image) return null;
  return image.renditions.card ?? image.renditions.thumbnail ?? image.url ?? null;
}

interface Props {
  product: Product | SearchHit;
  /** Heading level of the title within the page's outline. */
  headingLevel?: 2 | 3 | 4;
}

/** One product in a list: image, title, price "15,000원", firm, district and badges; the title is the link. */
export function ProductCard({ product, headingLevel = 3 }: Props) {
  const { t } = useTranslation("storefront");
  const labels = useLabels();
  const image = cardImageUrl(product);
  const highlighted = "highlight" in product ? product.highlight.title?.[0] : undefined;
  const Heading = (["h2", "h3", "h4"] as const)[headingLevel - 2] ?? "h3";
  const minimum = product.min_order_quantity ?? 1;
  return (
    <article className="product-card">
      <div className="product-card__image">
        {/* The title next to it names the product: the picture is decoration here (alt=""). */}
        {image ? <img src={image} alt="" loading="lazy" decoding="async" width={320} height={320} /> : <span className="product-card__no-image" />}
      </div>
      <div className="product-card__body">
        <Heading className="product-card__title">
          <Link to={`/products/${product.id}`} className="product-card__link">
            {highlighted
              ? highlightSegments(highlighted).map((segment, index) =>
                  segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
                )
              : product.title}
          </Link>
        </Heading>
        <p className="product-card__price">
          <strong data-testid="product-price">{formatWon(product.price)}</strong>
          {product.unit ? <span className="product-card__unit"> / {product.unit}</span> : null}
        </p>
        <p className="product-card__firm">
          {product.firm.name}
          <span aria-hidden="true"> · </span>
          <span className="visually-hidden">, </span>
          {labels.district(product.firm.district.code, product.firm.district.name_ko)}
        </p>
        <ul className="product-card__badges" aria-label={t("card.badges")}>
          {!product.in_stock && <li className="badge badge--soldout">{t("card.soldOut")}</li>}
          {minimum > 1 && <li className="badge">{t("card.minimum", { count: minimum, quantity: formatNumber(minimum) })}</li>}
          {product.firm.kinds.map((kind) => (
            <li key={kind} className="badge badge--kind">
              {labels.firmKind(kind)}
            </li>
          ))}
        </ul>
      </div>
    </article>
  );
}
