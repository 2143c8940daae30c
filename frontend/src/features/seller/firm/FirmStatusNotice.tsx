import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../../lib/format";
import type { FirmPrivate } from "../api";

/** Whether the firm's listings reach citizens, and if not, why (the server's verification and reason). */
export function FirmStatusNotice({ firm }: { firm: FirmPrivate }) {
  const { t } = useTranslation("seller");
  if (firm.verification_status === "pending") {
    return (
      <div className="notice notice--warning">
        <p className="notice__title">{t("firmStatus.pendingTitle")}</p>
        <p>{t("firmStatus.pending")}</p>
      </div>
    );
  }
  if (firm.verification_status === "rejected") {
    return (
      <div className="notice notice--error">
        <p className="notice__title">{t("firmStatus.rejectedTitle")}</p>
        <p>{t("firmStatus.rejected", { reason: firm.rejection_reason })}</p>
      </div>
    );
  }
  if (!firm.is_selling) {
    return (
      <div className="notice notice--warning">
        <p className="notice__title">{t("firmStatus.hiddenTitle")}</p>
        <p>{firm.listings_hidden_reason}</p>
        {firm.listings_hidden_since && (
          <p className="seller-muted">{t("firmStatus.hiddenSince", { date: formatDateTime(firm.listings_hidden_since) })}</p>
        )}
      </div>
    );
  }
  return (
    <p className="notice notice--success">{t("firmStatus.selling")}</p>
  );
}
