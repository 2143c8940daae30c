import { useTranslation } from "react-i18next";

export interface PagerProps {
  page: number;
  count: number;
  pageSize: number;
  onPage: (page: number) => void;
}

/** Previous / next for a paged list; its words are the namespace's "pager.label/previous/next/position". */
export function Pager({ namespace, page, count, pageSize, onPage }: PagerProps & { namespace: string }) {
  const { t } = useTranslation(namespace);
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t("pager.previous")}
      </button>
      <span aria-current="page">{t("pager.position", { page, pages })}</span>
      <button
        type="button"
        className="button button--secondary"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t("pager.next")}
      </button>
    </nav>
  );
}
