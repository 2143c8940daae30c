import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../api/client";
import { useMe } from "../../../app/session";
import { Loading } from "../../../components/Loading";
import { formatNumber, formatWon } from "../../../lib/format";
import { DesignationBadges, SocialValue } from "../components/FirmProfile";
import { PageError } from "../components/PageError";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { localName, useLabels } from "../labels";
import { useFirm, useProduct, type Product } from "../queries";
import { searchHref } from "../search/searchState";
import "../storefront.css";
import { AddToCart } from "./AddToCart";
import { Gallery } from "./Gallery";
import { ProductPricing } from "./ProductPricing";
import { isProductId } from "./productQuery";

// An agency's requesters may buy the product for their agency (바로구매): its code loads only for them.
const AgencyBuyNow = lazy(() => import("../../agency/buynow/BuyNow").then((m) => ({ default: m.BuyNow })));

/** /products/:id: pictures, price, volume prices, 면세, minimum order and stock, add to cart, and the firm behind it. */
export function ProductPage() {
  const { t } = useTranslation("storefront");
  const id = Number(useParams().id);
  const product = useProduct(id);
  useDocumentTitle(product.data?.title);

  if (!isProductId(id)) {
    return <PageError error={notFoundError()} onRetry={() => undefined} notFound={t("product.notFound")} />;
  }
  if (product.isPending) return <Loading />;
  if (product.isError) {
    return <PageError error={product.error} onRetry={() => void product.refetch()} notFound={t("product.notFound")} />;
  }
  return <ProductView product={product.data} />;
}

function ProductView({ product }: { product: Product }) {
  const { t, i18n } = useTranslation("storefront");
  const labels = useLabels();
  const firm = useFirm(product.firm.id);
  const minimum = product.min_order_quantity ?? 1;
  const stock = product.stock ?? 0;
  const unit = product.unit || t("product.defaultUnit");
  const agency = useMe().data?.agency;
  const agencyBuyer = agency?.status === "approved" && agency.roles.includes("requester");
  return (
    <div className="page product-page">
      <article className="product" aria-labelledby="product-title">
        <div className="product__gallery">
          <Gallery images={product.images} title={product.title} />
        </div>
        <div className="product__summary">
          <p className="product__category">
            <Link to={searchHref({ category: product.category.slug })}>{localName(product.category, i18n.language)}</Link>
          </p>
          <h1 id="product-title" className="product__title">
            {product.title}
          </h1>
          <p className="product__seller">
            <Link to={`/firms/${product.firm.id}`}>{product.firm.name}</Link>
            <span aria-hidden="true"> · </span>
            <span className="visually-hidden">, </span>
            {labels.district(product.firm.district.code, product.firm.district.name_ko)}
          </p>
          <p className="product__price">
            <strong>{formatWon(product.price)}</strong>
            <span className="product__unit"> / {unit}</span>
          </p>
          <ProductPricing product={product} unit={unit} />
          <dl className="facts">
            <div className="facts__row">
              <dt>{t("product.minimumOrder")}</dt>
              <dd>{t("product.quantityWithUnit", { quantity: formatNumber(minimum), unit })}</dd>
            </div>
            <div className="facts__row">
              <dt>{t("product.stock")}</dt>
              <dd className={product.in_stock ? "stock stock--in" : "stock stock--out"}>
                {product.in_stock
                  ? t("product.inStock", { quantity: formatNumber(stock), unit })
                  : t("product.soldOut")}
              </dd>
            </div>
          </dl>
          {product.firm.kinds.length > 0 && (
            <ul className="product__kinds" aria-label={t("card.badges")}>
              {product.firm.kinds.map((kind) => (
                <li key={kind} className="badge badge--kind">
                  {labels.firmKind(kind)}
                </li>
              ))}
            </ul>
          )}
          <AddToCart product={product} />
          {agencyBuyer && (
            <Suspense fallback={null}>
              <AgencyBuyNow product={product} />
            </Suspense>
          )}
        </div>
      </article>

      {product.description && (
        <section className="product-section" aria-labelledby="product-description">
          <h2 id="product-description">{t("product.description")}</h2>
          <p className="product__description">{product.description}</p>
        </section>
      )}

      <section className="product-section" aria-labelledby="product-firm">
        <h2 id="product-firm">{t("product.seller")}</h2>
        {firm.isPending ? (
          <Loading />
        ) : firm.isError ? (
          <p>
            <Link to={`/firms/${product.firm.id}`}>{product.firm.name}</Link>
          </p>
        ) : (
          <div className="firm-summary">
            <h3 className="firm-summary__name">
              <Link to={`/firms/${firm.data.id}`}>{firm.data.name}</Link>
            </h3>
            <p className="firm-summary__district">{labels.district(firm.data.district.code, firm.data.district.name_ko)}</p>
            <DesignationBadges firm={firm.data} />
            <h3>{t("firm.socialValue")}</h3>
            <SocialValue firm={firm.data} tags={product.tags} />
            <p>
              <Link to={`/firms/${firm.data.id}`} className="button button--secondary">
                {t("product.firmPage", { name: firm.data.name })}
              </Link>
            </p>
          </div>
        )}
      </section>
    </div>
  );
}

// /products/abc cannot exist: the same page as the API's 404, without asking it.
function notFoundError() {
  return new ApiError(404, { code: "not_found", message: "" });
}
