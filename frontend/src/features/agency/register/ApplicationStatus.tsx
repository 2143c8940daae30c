import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDateTime } from "../../../lib/format";
import { useMyAgency } from "../api";
import { StatusBadge, useLocalName, usePageTitle } from "../ui";

/** An application that waits for an operator (pending), or was turned down (rejected, with the reason). */
export function ApplicationStatus() {
  const { t } = useTranslation("agency");
  const agency = useMyAgency();
  const localName = useLocalName();
  usePageTitle(t("application.title"));
  return (
    <section className="page agency-gate" aria-labelledby="application-title">
      <h1 id="application-title">{t("application.title")}</h1>
      {agency.isPending && <Loading />}
      {agency.isError && <ErrorState error={agency.error} onRetry={() => void agency.refetch()} />}
      {agency.data && (
        <>
          <p>
            <StatusBadge group="agency" status={agency.data.status ?? "pending"} />
          </p>
          {agency.data.status === "rejected" ? (
            <div className="notice notice--error">
              <p className="notice__title">{t("application.rejected")}</p>
              <p>{t("application.reason", { reason: agency.data.rejection_reason })}</p>
              <p>
                <Link className="button" to="/agency/register">
                  {t("application.applyAgain")}
                </Link>
              </p>
            </div>
          ) : agency.data.status === "approved" ? (
            <p>
              <Link className="button" to="/agency">
                {t("application.open")}
              </Link>
            </p>
          ) : (
            <div className="notice notice--warning">
              <p className="notice__title">{t("application.pending")}</p>
              <p>{t("application.pendingHelp")}</p>
            </div>
          )}
          <dl className="agency-facts">
            <dt>{t("register.name")}</dt>
            <dd>{agency.data.name}</dd>
            <dt>{t("register.kind")}</dt>
            <dd>{t(`kind.${agency.data.kind}`)}</dd>
            <dt>{t("register.district")}</dt>
            <dd>{localName(agency.data.district)}</dd>
            {agency.data.business_number && (
              <>
                <dt>{t("register.businessNumber")}</dt>
                <dd>{agency.data.business_number}</dd>
              </>
            )}
            <dt>{t("register.address")}</dt>
            <dd>{agency.data.address}</dd>
            <dt>{t("register.billingEmail")}</dt>
            <dd>{agency.data.billing_email}</dd>
            {agency.data.created_at && (
              <>
                <dt>{t("application.appliedAt")}</dt>
                <dd>{formatDateTime(agency.data.created_at)}</dd>
              </>
            )}
          </dl>
        </>
      )}
    </section>
  );
}
