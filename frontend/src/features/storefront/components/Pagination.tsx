import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** The page numbers shown around the current one: the first, the last, and a window of neighbours. */
export function pageWindow(page: number, total: number, neighbours = 2): (number | "gap")[] {
  if (total <= 1) return [];
  const pages = new Set([1, total]);
  for (let p = page - neighbours; p <= page + neighbours; p += 1) if (p >= 1 && p <= total) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  sorted.forEach((p, index) => {
    const previous = sorted[index - 1];
    if (previous !== undefined && p - previous > 1) out.push("gap");
    out.push(p);
  });
  return out;
}

interface Props {
  page: number;
  totalPages: number;
  hrefFor: (page: number) => string;
  /** After a page link is followed (the page moves focus to the new results). */
  onNavigate?: () => void;
}

/** Links (not buttons): every page has its own URL, so it can be opened in a tab, shared, and gone back to. */
export function Pagination({ page, totalPages, hrefFor, onNavigate }: Props) {
  const { t } = useTranslation("storefront");
  if (totalPages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      <ul>
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} rel="prev" className="pagination__step" onClick={onNavigate}>
              {t("pagination.previous")}
            </Link>
          ) : (
            <span className="pagination__step pagination__step--off" aria-hidden="true">
              {t("pagination.previous")}
            </span>
          )}
        </li>
        {pageWindow(page, totalPages).map((item, index) =>
          item === "gap" ? (
            <li key={`gap-${index}`} aria-hidden="true" className="pagination__gap">
              …
            </li>
          ) : (
            <li key={item}>
              <Link
                to={hrefFor(item)}
                className="pagination__page"
                aria-current={item === page ? "page" : undefined}
                aria-label={t("pagination.page", { page: item })}
                onClick={onNavigate}
              >
                {item}
              </Link>
            </li>
          ),
        )}
        <li>
          {page < totalPages ? (
            <Link to={hrefFor(page + 1)} rel="next" className="pagination__step" onClick={onNavigate}>
              {t("pagination.next")}
            </Link>
          ) : (
            <span className="pagination__step pagination__step--off" aria-hidden="true">
              {t("pagination.next")}
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}
