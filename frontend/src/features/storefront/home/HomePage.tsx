import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatNumber } from "../../../lib/format";
import { ProductCard } from "../components/ProductCard";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { localName, useLabels } from "../labels";
import { useCategories, useDistrictProducts, useDistricts, useHomeOverview } from "../queries";
import { readFacets, type ValueCount } from "../search/facets";
import { searchHref, type FirmKind } from "../search/searchState";
import "../storefront.css";

const NEWEST = 8;
const DISTRICT_PICKS = 3;
const PER_DISTRICT = 4;

/** The home page: categories, firms by kind, the newest products and a few districts' products. */
export function HomePage() {
  const { t } = useTranslation("storefront");
  useDocumentTitle(null);
  const overview = useHomeOverview(NEWEST);
  const facets = readFacets(overview.data?.facets);
  return (
    <div className="page home">
      <section className="home__hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.intro")}</p>
      </section>

      <Categories />

      <section className="home__section" aria-labelledby="home-kinds">
        <h2 id="home-kinds">{t("home.byKind")}</h2>
        <p className="home__lead">{t("home.byKindLead")}</p>
        {overview.isPending ? (
          <Loading />
        ) : overview.isError ? (
          <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
        ) : (
          <FirmKinds kinds={facets.firm_kind} />
        )}
      </section>

      <section className="home__section" aria-labelledby="home-new">
        <h2 id="home-new">{t("home.newest")}</h2>
        {overview.data && overview.data.results.length > 0 && (
          <>
            <ul className="product-grid">
              {overview.data.results.map((product) => (
                <li key={product.id}>
                  <ProductCard product={product} />
                </li>
              ))}
            </ul>
            <p>
              <Link to={searchHref({ sort: "newest" })}>{t("home.allNewest")}</Link>
            </p>
          </>
        )}
        {overview.data && overview.data.results.length === 0 && <p>{t("home.noProducts")}</p>}
      </section>

      <section className="home__section" aria-labelledby="home-districts">
        <h2 id="home-districts">{t("home.districts")}</h2>
        <DistrictChooser />
        {facets.district.slice(0, DISTRICT_PICKS).map((district) => (
          <DistrictPick key={district.value} district={district} />
        ))}
      </section>
    </div>
  );
}

function Categories() {
  const { t, i18n } = useTranslation("storefront");
  const categories = useCategories();
  return (
    <section className="home__section" aria-labelledby="home-categories">
      <h2 id="home-categories">{t("home.categories")}</h2>
      {categories.isPending ? (
        <Loading />
      ) : categories.isError ? (
        <ErrorState error={categories.error} onRetry={() => void categories.refetch()} />
      ) : (
        <ul className="category-tiles">
          {categories.data.map((category) => (
            <li key={category.id} className="category-tile">
              <h3 className="category-tile__name">
                <Link to={searchHref({ category: category.slug })}>{localName(category, i18n.language)}</Link>
              </h3>
              {category.children.length > 0 && (
                <ul className="category-tile__children">
                  {category.children.map((child) => (
                    <li key={child.id}>
                      <Link to={searchHref({ category: child.slug })}>{localName(child, i18n.language)}</Link>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FirmKinds({ kinds }: { kinds: ValueCount[] }) {
  const { t } = useTranslation("storefront");
  const labels = useLabels();
  if (!kinds.length) return <p>{t("home.noProducts")}</p>;
  return (
    <ul className="kind-tiles">
      {kinds.map((kind) => (
        <li key={kind.value}>
          <Link to={searchHref({ firm_kind: [kind.value as FirmKind] })} className="kind-tile">
            <span className="kind-tile__name">{labels.firmKind(kind.value)}</span>
            <span className="kind-tile__count">{t("home.productCount", { count: kind.count, formatted: formatNumber(kind.count) })}</span>
            <span className="kind-tile__about">{t(`firmKindAbout.${kind.value}`, { defaultValue: "" })}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function DistrictPick({ district }: { district: ValueCount }) {
  const { t } = useTranslation("storefront");
  const labels = useLabels();
  const products = useDistrictProducts(district.value, PER_DISTRICT);
  const name = labels.district(district.value, district.label);
  const headingId = `home-district-${district.value}`;
  return (
    <section className="district-pick" aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      {products.isPending ? (
        <Loading />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => void products.refetch()} />
      ) : (
        <ul className="product-grid product-grid--compact">
          {products.data.results.map((product) => (
            <li key={product.id}>
              <ProductCard product={product} headingLevel={4} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={searchHref({ district: [district.value] })}>
          {t("home.districtAll", { district: name, count: district.count, formatted: formatNumber(district.count) })}
        </Link>
      </p>
    </section>
  );
}

/** Any district's products: a select and a button (a plain form, so it works by keyboard and on phones). */
function DistrictChooser() {
  const { t, i18n } = useTranslation("storefront");
  const districts = useDistricts();
  const navigate = useNavigate();
  const id = useId();
  const [code, setCode] = useState("");
  if (!districts.data) return null;
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (code) navigate(searchHref({ district: [code] }));
  }
  return (
    <form className="district-chooser" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor={id}>{t("home.chooseDistrict")}</label>
        <select id={id} value={code} onChange={(event) => setCode(event.target.value)}>
          <option value="">{t("home.chooseDistrictPlaceholder")}</option>
          {districts.data.map((district) => (
            <option key={district.code} value={district.code}>
              {localName(district, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--secondary" disabled={!code}>
        {t("home.showDistrict")}
      </button>
    </form>
  );
}
