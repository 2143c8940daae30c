// The search box in every page's header: an accessible combobox (WAI-ARIA APG "combobox with listbox popup")
// offering the API's suggestions as one types, 초성 included (ㄸ → 떡...); submitting searches /search?q=.
// It ships in the entry bundle, so it stays small: no library, one query hook, strings from the storefront
// namespace loaded beside it (a placeholder of the same size holds its place meanwhile).
import { useQuery } from "@tanstack/react-query";
import { Suspense, useEffect, useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { CLOSED, comboboxInput, comboboxKey, type ComboboxState } from "./header/combobox";
import "./header/header-search.css";

const SUGGEST_DELAY_MS = 200;
const SUGGEST_LIMIT = 8;
const MAX_QUERY_LENGTH = 100; // the API's limit (search.backends.base.MAX_QUERY_LENGTH)

export function HeaderSearch() {
  return (
    <Suspense fallback={<div className="header-search header-search--placeholder" aria-hidden="true" />}>
      <HeaderSearchBox />
    </Suspense>
  );
}

function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

export function useSuggestions(text: string) {
  const term = useDebounced(text.trim(), SUGGEST_DELAY_MS);
  const query = useQuery({
    queryKey: ["suggest", term],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/search/suggest/", { params: { query: { q: term, limit: SUGGEST_LIMIT } }, signal })),
    enabled: term.length > 0,
    staleTime: 60_000,
    retry: false, // a missed suggestion is not worth a second request; typing asks again
  });
  // Suggestions for what is typed now only: a stale list for other text would mislead.
  const current = term === text.trim() && term.length > 0;
  return current ? (query.data?.suggestions ?? []) : [];
}

function HeaderSearchBox() {
  const { t } = useTranslation("storefront");
  const navigate = useNavigate();
  const location = useLocation();
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;

  const [text, setText] = useState(() => queryOf(location));
  const [state, setState] = useState<ComboboxState>(CLOSED);
  // On the search page the box shows the query being looked at (back and forward too).
  const [seenLocation, setSeenLocation] = useState(location.key);
  if (seenLocation !== location.key) {
    setSeenLocation(location.key);
    setText(queryOf(location));
    setState(CLOSED);
  }

  const suggestions = useSuggestions(text);
  const count = suggestions.length;
  const expanded = state.open && count > 0;
  const active = expanded && state.active >= 0 && state.active < count ? state.active : -1;
  const optionId = (index: number) => `${id}-option-${index}`;

  function search(q: string) {
    setState(CLOSED);
    const query = q.trim();
    navigate(query ? `/search?${new URLSearchParams({ q: query })}` : "/search");
  }

  function choose(index: number) {
    const suggestion = suggestions[index];
    if (!suggestion) return;
    setText(suggestion.text);
    search(suggestion.text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return; // the Korean IME is still composing a syllable
    const result = comboboxKey({ open: expanded, active }, event.key, count, { altKey: event.altKey });
    if (result.handled) event.preventDefault();
    setState(result.state);
    if (result.effect === "select") choose(active);
    else if (result.effect === "submit") search(text);
    else if (result.effect === "clear") setText("");
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    search(text);
  }

  return (
    <form role="search" className="header-search" onSubmit={onSubmit} aria-label={t("header.searchLandmark")}>
      <label htmlFor={inputId} className="visually-hidden">
        {t("header.searchLabel")}
      </label>
      <div className="header-search__box">
        <input
          id={inputId}
          type="search"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          enterKeyHint="search"
          maxLength={MAX_QUERY_LENGTH}
          placeholder={t("header.placeholder")}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setState(comboboxInput());
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setState(CLOSED)}
          onFocus={() => {
            if (text.trim()) setState(comboboxInput());
          }}
          className="header-search__input"
        />
        <ul id={listId} role="listbox" aria-label={t("header.suggestions")} className="header-search__list" hidden={!expanded}>
          {suggestions.map((suggestion, index) => (
            // Options take no focus (it stays in the text box, aria-activedescendant points here); the
            // keyboard works through the text box's handler, the mouse through this click.
            // eslint-disable-next-line jsx-a11y/click-events-have-key-events
            <li
              key={`${suggestion.product_id}-${index}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className="header-search__option"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(index)}
            >
              {suggestion.text}
            </li>
          ))}
        </ul>
        <button type="submit" className="header-search__submit">
          {t("header.submit")}
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {expanded ? t("header.suggestionCount", { count }) : ""}
      </p>
    </form>
  );
}

function queryOf(location: { pathname: string; search: string }): string {
  return location.pathname === "/search" ? (new URLSearchParams(location.search).get("q") ?? "") : "";
}
