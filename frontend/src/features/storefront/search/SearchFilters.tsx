import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../../lib/format";
import { localName, priceBucketLabel, type Labels } from "../labels";
import type { CategoryCount, Facets, ValueCount } from "./facets";
import {
  isFacetValueOn,
  isPriceBucketOn,
  priceBucketRange,
  toggleFacetValue,
  withChange,
  type AppliedFilter,
  type ListFacet,
  type SearchState,
} from "./searchState";

interface Props {
  state: SearchState;
  facets: Facets;
  applied: AppliedFilter[];
  labels: Labels;
  onChange: (next: SearchState) => void;
}

const SHOWN = 8;

/** The facets: each a group of checkboxes or radios with result counts; every change is a new URL. */
export function SearchFilters({ state, facets, applied, labels, onChange }: Props) {
  const { t } = useTranslation("storefront");
  return (
    <div className="filters">
      <CategoryFacet state={state} nodes={facets.category} onChange={onChange} />
      <ListFacetGroup
        facet="district"
        legend={t("filters.district")}
        items={withSelected(facets.district, state.district, applied)}
        label={(item) => labels.district(item.value, item.label)}
        state={state}
        applied={applied}
        onChange={onChange}
      />
      <ListFacetGroup
        facet="firm_kind"
        legend={t("filters.firmKind")}
        items={withSelected(facets.firm_kind, state.firm_kind, [])}
        label={(item) => labels.firmKind(item.value)}
        state={state}
        applied={applied}
        onChange={onChange}
      />
      <ListFacetGroup
        facet="tags"
        legend={t("filters.tags")}
        items={withSelected(facets.tags, state.tags, [])}
        label={(item) => labels.tag(item.value, item.label)}
        state={state}
        applied={applied}
        onChange={onChange}
      />
      <PriceFacet state={state} facets={facets} onChange={onChange} />
      <ListFacetGroup
        facet="svi_grade"
        legend={t("filters.sviGrade")}
        items={withSelected(facets.svi_grade, state.svi_grade, [])}
        label={(item) => labels.sviGrade(item.value)}
        state={state}
        applied={applied}
        onChange={onChange}
      />
      <fieldset className="filters__group">
        <legend>{t("filters.stock")}</legend>
        <label className="filters__option">
          <input
            type="checkbox"
            checked={state.in_stock}
            onChange={() => onChange(withChange(state, { in_stock: !state.in_stock }))}
          />
          <span>
            {t("filters.inStockOnly")}
            {facets.in_stock != null && !state.in_stock && <Count count={facets.in_stock} />}
          </span>
        </label>
      </fieldset>
    </div>
  );
}

/** Values in force stay listed (ticked) even when the facet no longer counts them. */
function withSelected(items: ValueCount[], selected: string[], applied: AppliedFilter[]): ValueCount[] {
  const listed = new Set(items.map((item) => item.value));
  const missing = [...selected, ...applied.filter((f) => f.field === "district").map((f) => String(f.value))]
    .filter((value) => !listed.has(value))
    .map((value) => ({ value, label: value, count: -1 }));
  return [...items, ...new Map(missing.map((item) => [item.value, item])).values()];
}

function Count({ count }: { count: number }) {
  const { t } = useTranslation("storefront");
  if (count < 0) return null;
  return (
    <span className="filters__count">
      <span aria-hidden="true"> ({formatNumber(count)})</span>
      <span className="visually-hidden">{`, ${t("filters.count", { count, formatted: formatNumber(count) })}`}</span>
    </span>
  );
}

interface ListProps {
  facet: ListFacet;
  legend: string;
  items: ValueCount[];
  label: (item: ValueCount) => string;
  state: SearchState;
  applied: AppliedFilter[];
  onChange: (next: SearchState) => void;
}

function ListFacetGroup({ facet, legend, items, label, state, applied, onChange }: ListProps) {
  const { t } = useTranslation("storefront");
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  if (!items.length) return null;
  // Ticked values always show, so a long list never hides what is in force.
  const shown = expanded ? items : items.filter((item, index) => index < SHOWN || isFacetValueOn(state, facet, item.value, applied));
  return (
    <fieldset className="filters__group">
      <legend>{legend}</legend>
      <ul id={listId} className="filters__list">
        {shown.map((item) => (
          <li key={item.value}>
            <label className="filters__option">
              <input
                type="checkbox"
                name={facet}
                value={item.value}
                checked={isFacetValueOn(state, facet, item.value, applied)}
                onChange={() => onChange(toggleFacetValue(state, facet, item.value, applied))}
              />
              <span>
                {label(item)}
                <Count count={item.count} />
              </span>
            </label>
          </li>
        ))}
      </ul>
      {items.length > shown.length || expanded ? (
        <button
          type="button"
          className="filters__more"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t("filters.showLess") : t("filters.showMore", { count: items.length - shown.length })}
        </button>
      ) : null}
    </fieldset>
  );
}

function flatten(nodes: CategoryCount[], depth = 0): { node: CategoryCount; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.children, depth + 1)]);
}

function CategoryFacet({ state, nodes, onChange }: { state: SearchState; nodes: CategoryCount[]; onChange: (next: SearchState) => void }) {
  const { t, i18n } = useTranslation("storefront");
  const name = useId();
  const rows = flatten(nodes);
  if (!rows.length && !state.category) return null;
  const isOn = (node: CategoryCount) => state.category === node.slug || state.category === String(node.id);
  return (
    <fieldset className="filters__group">
      <legend>{t("filters.category")}</legend>
      <ul className="filters__list">
        <li>
          <label className="filters__option">
            <input
              type="radio"
              name={name}
              checked={!state.category}
              onChange={() => onChange(withChange(state, { category: null }))}
            />
            <span>{t("filters.allCategories")}</span>
          </label>
        </li>
        {rows.map(({ node, depth }) => (
          <li key={node.id} className={depth ? "filters__indent" : undefined}>
            <label className="filters__option">
              <input
                type="radio"
                name={name}
                value={node.slug}
                checked={isOn(node)}
                onChange={() => onChange(withChange(state, { category: node.slug }))}
              />
              <span>
                {localName(node, i18n.language)}
                <Count count={node.count} />
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function PriceFacet({ state, facets, onChange }: { state: SearchState; facets: Facets; onChange: (next: SearchState) => void }) {
  const { t } = useTranslation("storefront");
  const name = useId();
  const minId = useId();
  const maxId = useId();
  const errorId = useId();
  const [error, setError] = useState<string | null>(null);
  const anyBucketOn = facets.price.some((bucket) => isPriceBucketOn(state, bucket));
  const custom = !anyBucketOn && (state.price_min != null || state.price_max != null);

  function applyCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const read = (key: string) => {
      const raw = String(data.get(key) ?? "").replace(/[,\s원]/g, "");
      return raw === "" ? null : /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    };
    const min = read("price_min");
    const max = read("price_max");
    if (Number.isNaN(min) || Number.isNaN(max)) return setError(t("filters.priceNotNumber"));
    if (min != null && max != null && min > max) return setError(t("filters.priceReversed"));
    setError(null);
    onChange(withChange(state, { price_min: min, price_max: max }));
  }

  return (
    <fieldset className="filters__group">
      <legend>{t("filters.price")}</legend>
      <ul className="filters__list">
        <li>
          <label className="filters__option">
            <input
              type="radio"
              name={name}
              checked={state.price_min == null && state.price_max == null}
              onChange={() => onChange(withChange(state, { price_min: null, price_max: null }))}
            />
            <span>{t("price.any")}</span>
          </label>
        </li>
        {/* An empty bucket is no choice at all, unless it is the one in force. */}
        {facets.price.filter((bucket) => bucket.count > 0 || isPriceBucketOn(state, bucket)).map((bucket) => (
          <li key={bucket.key}>
            <label className="filters__option">
              <input
                type="radio"
                name={name}
                value={bucket.key}
                checked={isPriceBucketOn(state, bucket)}
                onChange={() => onChange(withChange(state, priceBucketRange(bucket)))}
              />
              <span>
                {priceBucketLabel(t, bucket.from, bucket.to)}
                {!anyBucketOn && <Count count={bucket.count} />}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {/* Keyed by the range in force, so the boxes show it again after back/forward. */}
      <form className="filters__price-form" onSubmit={applyCustom} key={`${state.price_min}-${state.price_max}`} noValidate>
        <div className="filters__price-inputs">
          <div className="field">
            <label htmlFor={minId}>{t("filters.priceMin")}</label>
            <input
              id={minId}
              name="price_min"
              inputMode="numeric"
              defaultValue={custom && state.price_min != null ? String(state.price_min) : ""}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={maxId}>{t("filters.priceMax")}</label>
            <input
              id={maxId}
              name="price_max"
              inputMode="numeric"
              defaultValue={custom && state.price_max != null ? String(state.price_max) : ""}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
        </div>
        {error && (
          <p id={errorId} className="field__error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--secondary">
          {t("filters.priceApply")}
        </button>
      </form>
    </fieldset>
  );
}
