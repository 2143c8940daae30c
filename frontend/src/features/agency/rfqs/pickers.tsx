// Choosing what to ask for: catalogue products through the storefront's search API, and firms from the public
// list of firms (optionally one district's).
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatNumber, formatWon } from "../../../lib/format";
import { useDistricts } from "../api";
import { useLocalName } from "../ui";

type SearchHit = components["schemas"]["SearchHit"];
const RESULTS = 8;

export function ProductPicker({ onPick }: { onPick: (hit: SearchHit) => void }) {
  const { t } = useTranslation("agency");
  const id = useId();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const results = useQuery({
    queryKey: ["agency", "product-search", query],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/search/products/", {
          params: { query: { q: query, page_size: RESULTS, facets: "in_stock" } },
          signal,
        }),
      ),
    enabled: query.length > 0,
  });
  const [picked, setPicked] = useState("");

  function search() {
    setQuery(text.trim());
  }

  // The picker sits inside the request's form: Enter searches instead of sending the request.
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      search();
    }
  }

  return (
    <div className="agency-picker">
      <div className="field">
        <label htmlFor={`${id}-q`}>{t("rfq.compose.searchLabel")}</label>
        <div className="agency-picker__row">
          <input
            id={`${id}-q`}
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            placeholder={t("rfq.compose.searchPlaceholder")}
          />
          <button type="button" className="button button--secondary" onClick={search}>
            {t("rfq.compose.search")}
          </button>
        </div>
      </div>
      <p role="status" className="agency-status">
        {picked}
      </p>
      {query && results.isPending && <Loading />}
      {results.isError && <ErrorState error={results.error} onRetry={() => void results.refetch()} />}
      {results.data &&
        (results.data.results.length === 0 ? (
          <p className="agency-muted">{t("rfq.compose.noResults", { query })}</p>
        ) : (
          <ul className="agency-results" aria-label={t("rfq.compose.results", { query })}>
            {results.data.results.map((hit) => (
              <li key={hit.id} className="agency-result">
                <div>
                  <p className="agency-result__title">{hit.title}</p>
                  <p className="agency-muted">
                    {t("rfq.compose.hitFacts", {
                      firm: hit.firm.name,
                      price: formatWon(hit.price),
                      unit: hit.unit || "개",
                      minimum: formatNumber(hit.min_order_quantity ?? 1),
                    })}
                  </p>
                </div>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-label={t("rfq.compose.addProduct", { title: hit.title })}
                  onClick={() => {
                    onPick(hit);
                    setPicked(t("rfq.compose.added", { title: hit.title }));
                  }}
                >
                  {t("rfq.compose.add")}
                </button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

interface FirmPickerProps {
  /** Firms already asked (not offered again). */
  chosen: ReadonlySet<number>;
  onPick: (firm: { id: number; name: string }) => void;
}

export function FirmPicker({ chosen, onPick }: FirmPickerProps) {
  const { t } = useTranslation("agency");
  const id = useId();
  const districts = useDistricts();
  const localName = useLocalName();
  const [district, setDistrict] = useState("");
  const [firmId, setFirmId] = useState("");
  const firms = useQuery({
    queryKey: ["agency", "firms", district],
    queryFn: () =>
      unwrap(api.GET("/api/v1/firms/", { params: { query: { page_size: 100, district: district || undefined } } })),
    staleTime: 5 * 60_000,
  });
  const options = (firms.data?.results ?? [])
    .filter((firm) => !chosen.has(firm.id))
    .sort((a, b) => a.name.localeCompare(b.name, "ko"));

  return (
    <div className="agency-picker agency-form__row">
      <div className="field">
        <label htmlFor={`${id}-district`}>{t("rfq.compose.firmDistrict")}</label>
        <select id={`${id}-district`} value={district} onChange={(event) => setDistrict(event.target.value)}>
          <option value="">{t("rfq.compose.allDistricts")}</option>
          {(districts.data ?? []).map((item) => (
            <option key={item.code} value={item.code}>
              {localName(item)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-firm`}>{t("rfq.compose.firm")}</label>
        <select id={`${id}-firm`} value={firmId} onChange={(event) => setFirmId(event.target.value)}>
          <option value="">{firms.isPending ? t("loading") : t("rfq.compose.chooseFirm")}</option>
          {options.map((firm) => (
            <option key={firm.id} value={String(firm.id)}>
              {firm.name}
            </option>
          ))}
        </select>
        {firms.isError && <ErrorState error={firms.error} onRetry={() => void firms.refetch()} />}
      </div>
      <div className="agency-picker__action">
        <button
          type="button"
          className="button button--secondary"
          disabled={!firmId}
          onClick={() => {
            const firm = options.find((item) => String(item.id) === firmId);
            if (firm) onPick({ id: firm.id, name: firm.name });
            setFirmId("");
          }}
        >
          {t("rfq.compose.addFirm")}
        </button>
      </div>
    </div>
  );
}
