import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, ApiError, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatNumber } from "../../../lib/format";
import { Pagination } from "../components/Pagination";
import { ProductCard } from "../components/ProductCard";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useLabels } from "../labels";
import { useSearch, type SearchResponse } from "../queries";
import "../storefront.css";
import { readFacets } from "./facets";
import { FilterChips, chipLabel } from "./FilterChips";
import { SearchFilters } from "./SearchFilters";
import {
  MAX_PAGE,
  PAGE_SIZE,
  SORTS,
  buildChips,
  clearAllFilters,
  parseSearch,
  searchHref,
  serializeSearch,
  withChange,
  type Chip,
  type SearchState,
  type Sort,
} from "./searchState";

/** /search?q=…: results with facets, chips, sorting and pages; everything in the URL. */
export function SearchPage() {
  const { t } = useTranslation("storefront");
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSearch(params), [params]);
  const search = useSearch(state);
  const labels = useLabels();
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersId = useId();
  const sortId = useId();

  const title = state.q ? t("search.titleFor", { q: state.q }) : t("search.titleAll");
  useDocumentTitle(title);

  // Every change is a new history entry: the back button walks back through filters and pages.
  function go(next: SearchState, focusResults = false) {
    setParams(serializeSearch(next));
    if (focusResults) {
      resultsHeading.current?.focus({ preventScroll: true });
      resultsHeading.current?.scrollIntoView?.({ block: "start" });
    }
  }

  const data = search.data;
  const applied = useMemo(() => data?.applied_filters ?? [], [data]);
  const chips = useMemo(() => buildChips(state, applied), [state, applied]);
  const facets = useMemo(() => readFacets(data?.facets), [data]);
  const totalPages = data ? Math.min(Math.ceil(data.count / PAGE_SIZE), MAX_PAGE) : 0;

  let body;
  if (!data && search.isPending) {
    body = <Loading />;
  } else if (!data) {
    body = <SearchError error={search.error} onRetry={() => void search.refetch()} />;
  } else {
    body = (
      <div className="search-layout">
        <aside className="search-filters" aria-labelledby={`${filtersId}-heading`}>
          <h2 id={`${filtersId}-heading`} className="search-filters__heading">
            {t("filters.heading")}
          </h2>
          <button
            type="button"
            className="button button--secondary search-filters__toggle"
            aria-expanded={filtersOpen}
            aria-controls={filtersId}
            onClick={() => setFiltersOpen(!filtersOpen)}
          >
            {filtersOpen ? t("filters.hide") : t("filters.show", { count: chips.length })}
          </button>
          <div id={filtersId} className={filtersOpen ? "search-filters__panel search-filters__panel--open" : "search-filters__panel"}>
            <SearchFilters state={state} facets={facets} applied={applied} labels={labels} onChange={(next) => go(next)} />
          </div>
        </aside>
        <section className="search-results" aria-labelledby={`${filtersId}-results`} aria-busy={search.isFetching}>
          <div className="search-results__bar">
            <h2 id={`${filtersId}-results`} ref={resultsHeading} tabIndex={-1} className="search-results__count">
              {t("search.count", { count: data.count, formatted: formatNumber(data.count) })}
            </h2>
            <div className="search-results__sort">
              <label htmlFor={sortId}>{t("sort.label")}</label>
              <select
                id={sortId}
                value={state.sort}
                onChange={(event) => go(withChange(state, { sort: event.target.value as Sort }))}
              >
                {SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {t(`sort.${sort}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <FilterChips
            chips={chips}
            labels={labels}
            onRemove={(next) => go(next, true)}
            onClear={() => go(clearAllFilters(state, data), true)}
          />
          <Notices data={data} />
          {search.isError && <ErrorState error={search.error} onRetry={() => void search.refetch()} />}
          {data.results.length ? (
            <ul className="product-grid">
              {data.results.map((product) => (
                <li key={product.id}>
                  <ProductCard product={product} />
                </li>
              ))}
            </ul>
          ) : data.count > 0 ? (
            // A page past the last one (an old link to a longer list).
            <p className="search-empty">
              {t("search.pastTheEnd")} <Link to={searchHref({ ...state, page: 1 })}>{t("search.firstPage")}</Link>
            </p>
          ) : (
            <EmptyResults state={state} data={data} chips={chips} />
          )}
          <Pagination
            page={state.page}
            totalPages={totalPages}
            hrefFor={(page) => searchHref({ ...state, page })}
            onNavigate={() => resultsHeading.current?.focus({ preventScroll: false })}
          />
        </section>
      </div>
    );
  }

  return (
    <section className="page search-page">
      <h1>{title}</h1>
      {/* Said once the results are in: how many, and on which page. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {data && !search.isFetching
          ? totalPages > 1
            ? t("search.announcePage", { count: data.count, formatted: formatNumber(data.count), page: state.page, pages: totalPages })
            : t("search.announce", { count: data.count, formatted: formatNumber(data.count) })
          : ""}
      </p>
      {body}
    </section>
  );
}

function SearchError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation("storefront");
  // A 400 names the parameter at fault (an unknown district code in a hand-edited link): offer a plain search.
  if (error instanceof ApiError && error.status === 400) {
    return (
      <div className="notice notice--error" role="alert">
        <p className="notice__title">{t("search.badLink")}</p>
        <p>{error.message}</p>
        <Link to="/search">{t("empty.allProducts")}</Link>
      </div>
    );
  }
  return <ErrorState error={error} onRetry={onRetry} />;
}

function Notices({ data }: { data: SearchResponse }) {
  const { t } = useTranslation("storefront");
  return (
    <>
      {data.relaxation.relaxed && data.relaxation.message && (
        <p className="notice notice--warning search-notice" data-testid="relaxation-notice">
          {data.relaxation.message}
        </p>
      )}
      {data.dropped_words.length > 0 && (
        <p className="search-hint">{t("search.dropped", { words: data.dropped_words.map((w) => `‘${w}’`).join(", ") })}</p>
      )}
      {data.degraded && <p className="notice search-notice">{t("search.degraded")}</p>}
    </>
  );
}

/** The API's words, for what a search found nothing for: its 초성/prefix suggestions. */
function useSuggestFor(q: string) {
  return useQuery({
    queryKey: ["suggest", q],
    queryFn: () => unwrap(api.GET("/api/v1/search/suggest/", { params: { query: { q, limit: 8 } } })),
    enabled: q.length > 0,
    staleTime: 60_000,
    retry: false,
  });
}

function EmptyResults({ state, data, chips }: { state: SearchState; data: SearchResponse; chips: Chip[] }) {
  const { t } = useTranslation("storefront");
  const labels = useLabels();
  const suggest = useSuggestFor(state.q);
  const suggestions = (suggest.data?.suggestions ?? []).filter((s, i, all) => all.findIndex((o) => o.text === s.text) === i);
  return (
    <div className="search-empty">
      <p className="search-empty__title">{state.q ? t("empty.forQuery", { q: state.q }) : t("empty.noMatch")}</p>
      {data.did_you_mean && (
        <p>
          {t("empty.didYouMean")}{" "}
          <Link to={searchHref({ ...state, q: data.did_you_mean, page: 1 })} className="search-empty__correction">
            {data.did_you_mean}
          </Link>
        </p>
      )}
      {suggestions.length > 0 && (
        <>
          <h3>{t("empty.suggestions")}</h3>
          <ul className="search-empty__links">
            {suggestions.map((suggestion) => (
              <li key={suggestion.product_id}>
                <Link to={searchHref({ q: suggestion.text })}>{suggestion.text}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {chips.length > 0 && (
        <>
          <h3>{t("empty.fewerFilters")}</h3>
          <ul className="search-empty__links">
            {chips.map((chip) => (
              <li key={chip.id}>
                <Link to={searchHref(chip.next)}>
                  {t("empty.without", { label: chip.kind === "in_stock" ? t("filters.inStockOnly") : chipLabel(chip, labels) })}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to="/search">{t("empty.allProducts")}</Link>
      </p>
    </div>
  );
}
