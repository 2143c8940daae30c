import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

interface Props {
  error: unknown;
  /** Shown as a retry button when the failure is worth retrying (network, 5xx, 429). */
  onRetry?: () => void;
}

/** A failed load: the server's message (or ours), and a retry, never a blank page. */
export function ErrorState({ error, onRetry }: Props) {
  const { t } = useTranslation();
  const apiError = error instanceof ApiError ? error : null;
  const message = apiError?.message ?? t("error.server");
  const retryable = apiError ? apiError.retryable : true;
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{apiError?.status === 404 ? t("error.notFound") : t("error.title")}</p>
      {apiError?.status !== 404 && <p>{message}</p>}
      {onRetry && retryable && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}
