import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { useDocumentTitle } from "./useDocumentTitle";

interface Props {
  error: unknown;
  onRetry: () => void;
  /** What was not found, in words: "상품을 찾을 수 없어요." */
  notFound: string;
}

/** A page that could not load: a 404 says what is missing (no retry: it will not appear); else a retry. */
export function PageError({ error, onRetry, notFound }: Props) {
  const { t } = useTranslation("storefront");
  const missing = error instanceof ApiError && error.status === 404;
  useDocumentTitle(missing ? notFound : t("error.title"));
  return (
    <section className="page">
      <h1>{missing ? notFound : t("error.title")}</h1>
      {missing ? (
        <p>
          <Link to="/">{t("error.goHome")}</Link>
        </p>
      ) : (
        <ErrorState error={error} onRetry={onRetry} />
      )}
    </section>
  );
}
