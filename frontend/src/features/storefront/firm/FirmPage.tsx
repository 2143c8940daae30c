import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatNumber } from "../../../lib/format";
import { DesignationBadges, SocialValue } from "../components/FirmProfile";
import { PageError } from "../components/PageError";
import { Pagination } from "../components/Pagination";
import { ProductCard } from "../components/ProductCard";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useLabels } from "../labels";
import { FIRM_PRODUCTS_PAGE_SIZE, useFirm, useFirmProducts, type Firm } from "../queries";
import { searchHref } from "../search/searchState";
import "../storefront.css";

/** /firms/:id?page=2: the firm's profile, designations and social value, and its products a page at a time. */
export function FirmPage() {
  const { t } = useTranslation("storefront");
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const firm = useFirm(valid ? id : undefined);
  useDocumentTitle(firm.data?.name);

  if (!valid) {
    return <PageError error={new ApiError(404, { code: "not_found", message: "" })} onRetry={() => undefined} notFound={t("firm.notFound")} />;
  }
  if (firm.isPending) return <Loading />;
  if (firm.isError) return <PageError error={firm.error} onRetry={() => void firm.refetch()} notFound={t("firm.notFound")} />;
  return <FirmView firm={firm.data} />;
}

function FirmView({ firm }: { firm: Firm }) {
  const { t } = useTranslation("storefront");
  const labels = useLabels();
  const [params] = useSearchParams();
  const requested = Number(params.get("page"));
  const page = Number.isInteger(requested) && requested > 0 ? requested : 1;
  const products = useFirmProducts(firm.id, page);
  const heading = useRef<HTMLHeadingElement>(null);
  const totalPages = products.data ? Math.ceil(products.data.count / FIRM_PRODUCTS_PAGE_SIZE) : 0;
  const district = labels.district(firm.district.code, firm.district.name_ko);

  return (
    <div className="page firm-page">
      <header className="firm-page__header">
        <h1>{firm.name}</h1>
        <p className="firm-page__district">
          <Link to={searchHref({ district: [firm.district.code] })}>{district}</Link>
          {firm.address && <span> · {firm.address}</span>}
        </p>
        <DesignationBadges firm={firm} />
      </header>

      {firm.description && (
        <section className="product-section" aria-labelledby="firm-about">
          <h2 id="firm-about">{t("firm.about")}</h2>
          <p className="firm-page__description">{firm.description}</p>
          {firm.website && (
            <p>
              <a href={firm.website} rel="noopener noreferrer" target="_blank">
                {t("firm.website")}
                <span className="visually-hidden"> ({t("firm.newWindow")})</span>
              </a>
            </p>
          )}
        </section>
      )}

      <section className="product-section" aria-labelledby="firm-value">
        <h2 id="firm-value">{t("firm.socialValue")}</h2>
        <SocialValue firm={firm} />
      </section>

      <section className="product-section" aria-labelledby="firm-products" aria-busy={products.isFetching}>
        <h2 id="firm-products" ref={heading} tabIndex={-1}>
          {products.data
            ? t("firm.productsCount", { count: products.data.count, formatted: formatNumber(products.data.count) })
            : t("firm.products")}
        </h2>
        {products.isPending ? (
          <Loading />
        ) : products.isError && !products.data ? (
          products.error instanceof ApiError && products.error.status === 404 ? (
            // A page past the end (a shortened list, an old link): back to the first.
            <p>
              <Link to={`/firms/${firm.id}`}>{t("firm.firstPage")}</Link>
            </p>
          ) : (
            <ErrorState error={products.error} onRetry={() => void products.refetch()} />
          )
        ) : products.data.results.length ? (
          <ul className="product-grid">
            {products.data.results.map((product) => (
              <li key={product.id}>
                <ProductCard product={product} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("firm.noProducts")}</p>
        )}
        <Pagination
          page={page}
          totalPages={totalPages}
          hrefFor={(p) => (p > 1 ? `/firms/${firm.id}?page=${p}` : `/firms/${firm.id}`)}
          onNavigate={() => heading.current?.focus()}
        />
      </section>
    </div>
  );
}
