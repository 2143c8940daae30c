import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { documentLinks, usePurchases } from "../api";
import { usePageTitle } from "../ui";

function isoDay(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/**
 * /agency/documents: the purchase-record certificate (구매실적 증명) for a period and a firm's designation summary.
 * Quotations and delivery notes are downloaded beside their request and delivery. Every PDF carries a
 * verification code anyone can check on /verify.
 */
export function DocumentsPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("documents.title"));
  const now = new Date();
  const [from, setFrom] = useState(`${now.getFullYear()}-01-01`);
  const [to, setTo] = useState(isoDay(now));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;

  return (
    <section className="page">
      <h1>{t("documents.title")}</h1>
      <p className="agency-lead">
        {t("documents.lead")} <Link to="/verify">{t("documents.verify")}</Link>
      </p>
      <section className="agency-panel" aria-labelledby="record-title">
        <h2 id="record-title">{t("documents.record")}</h2>
        <p className="field__hint">{t("documents.recordHint")}</p>
        <div className="agency-form__row agency-form">
          <div className="field">
            <label htmlFor="record-from">{t("documents.from")}</label>
            <input id="record-from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="record-to">{t("documents.to")}</label>
            <input id="record-to" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
          </div>
        </div>
        {valid ? (
          <p className="agency-actions">
            <a className="button" href={documentLinks.purchaseRecordPdf(from, to)} download>
              {t("documents.recordPdf")}
            </a>
            <a className="button button--secondary" href={documentLinks.purchaseRecordCsv(from, to)} download>
              {t("documents.recordCsv")}
            </a>
          </p>
        ) : (
          <p className="field__error" role="alert">
            {t("documents.badPeriod")}
          </p>
        )}
      </section>
      <FirmSummaries />
    </section>
  );
}

/** The firms the agency bought from (its latest purchases), each with its designation summary. */
function FirmSummaries() {
  const { t } = useTranslation("agency");
  const purchases = usePurchases({ pageSize: 100 });
  const firms = new Map<number, string>();
  for (const purchase of purchases.data?.results ?? []) firms.set(purchase.firm.id, purchase.firm.name);
  return (
    <section className="agency-panel" aria-labelledby="designations-title">
      <h2 id="designations-title">{t("documents.designationsTitle")}</h2>
      <p className="field__hint">{t("documents.designationsHint")}</p>
      {purchases.isPending && <Loading />}
      {purchases.isError && <ErrorState error={purchases.error} onRetry={() => void purchases.refetch()} />}
      {purchases.data &&
        (firms.size === 0 ? (
          <p className="agency-muted">{t("documents.noFirms")}</p>
        ) : (
          <ul className="agency-docs">
            {[...firms].map(([id, name]) => (
              <li key={id}>
                {name}{" "}
                <a className="agency-doc" href={documentLinks.firmDesignationsPdf(id)} download aria-label={t("documents.designationsOf", { name })}>
                  {t("documents.designations")}
                </a>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
