import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { documentLinks, usePurchase, type Purchase } from "../api";
import { Amounts, StatusBadge, StatusLine, TableScroll, usePageTitle } from "../ui";
import { PurchaseActions } from "./PurchaseActions";

/** /agency/purchases/:id: lines with supply value and VAT, the tender check, the approval trail, and the moves. */
export function PurchaseDetailPage() {
  const { t } = useTranslation("agency");
  const id = Number(useParams().id);
  const purchase = usePurchase(id);
  usePageTitle(purchase.data ? purchase.data.title : t("purchase.title"));
  if (purchase.isPending) return <Loading />;
  if (purchase.isError) return <ErrorState error={purchase.error} onRetry={() => void purchase.refetch()} />;
  return <PurchaseView purchase={purchase.data} />;
}

export function PurchaseView({ purchase }: { purchase: Purchase }) {
  const { t } = useTranslation("agency");
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created;
  const [message, setMessage] = useState("");
  const delivering = purchase.status === "ordered" || purchase.status === "completed";
  return (
    <section className="page">
      <h1>{purchase.title}</h1>
      <p className="agency-meta">
        <StatusBadge group="purchase" status={purchase.status ?? "submitted"} /> {purchase.number} ·{" "}
        {t(`channel.${purchase.channel}`)}
      </p>
      {created && !message && <p className="notice notice--success">{t("purchase.created")}</p>}
      <StatusLine>{message}</StatusLine>

      {purchase.tender_required && (
        <div className="notice notice--warning" role="note" aria-labelledby="tender-title">
          <p className="notice__title" id="tender-title">
            {t("purchase.tender.title")}
          </p>
          <ul>
            {purchase.tender_reasons.map((reason) => (
              <li key={reason.code}>{reason.message}</li>
            ))}
          </ul>
          {purchase.national_procurement_url && (
            <p>
              <a href={purchase.national_procurement_url} target="_blank" rel="noopener noreferrer">
                {t("purchase.tender.link")}
              </a>
            </p>
          )}
        </div>
      )}
      {purchase.approval_refusal && purchase.status === "submitted" && !purchase.tender_required && (
        <p className="notice">{purchase.approval_refusal.message}</p>
      )}

      <PurchaseActions purchase={purchase} onDone={setMessage} />

      <dl className="agency-facts">
        <dt>{t("purchase.firm")}</dt>
        <dd>
          {purchase.firm.name}{" "}
          <a className="agency-doc" href={documentLinks.firmDesignationsPdf(purchase.firm.id)} download>
            {t("documents.designations")}
          </a>
        </dd>
        <dt>{t("purchase.requester")}</dt>
        <dd>{purchase.requester.name}</dd>
        {purchase.approver && (
          <>
            <dt>{t("purchase.approver")}</dt>
            <dd>{purchase.approver.name}</dd>
          </>
        )}
        <dt>{t("rfq.compose.deliveryPlace")}</dt>
        <dd>{purchase.delivery_place}</dd>
        <dt>{t("rfq.compose.deliveryDate")}</dt>
        <dd>{formatDate(purchase.delivery_date)}</dd>
        {purchase.quotation_id != null && (
          <>
            <dt>{t("purchase.quotation")}</dt>
            <dd>
              {purchase.quotation_number}{" "}
              <a className="agency-doc" href={documentLinks.quotationPdf(purchase.quotation_id)} download>
                {t("documents.quotationPdf")}
              </a>
            </dd>
          </>
        )}
      </dl>

      <section aria-labelledby="purchase-lines">
        <h2 id="purchase-lines">{t("purchase.lines")}</h2>
        <TableScroll label={t("purchase.lines")}>
          <table className="agency-table">
            <thead>
              <tr>
                <th scope="col">{t("compare.item")}</th>
                <th scope="col" className="agency-num">
                  {t("purchase.quantity")}
                </th>
                <th scope="col" className="agency-num">
                  {t("purchase.unitPrice")}
                </th>
                <th scope="col" className="agency-num">
                  {t("money.supply")}
                </th>
                <th scope="col" className="agency-num">
                  {t("money.vat")}
                </th>
                <th scope="col" className="agency-num">
                  {t("money.total")}
                </th>
                {delivering && <th scope="col">{t("purchase.progress")}</th>}
              </tr>
            </thead>
            <tbody>
              {purchase.lines.map((line) => (
                <tr key={line.id}>
                  <th scope="row">
                    {line.title}
                    {line.vat_exempt && <span className="badge agency-badge--info agency-exempt">{t("money.exempt")}</span>}
                  </th>
                  <td className="agency-num">
                    {formatNumber(line.quantity)}
                    {line.unit}
                  </td>
                  <td className="agency-num">{formatWon(line.unit_price)}</td>
                  <td className="agency-num">{formatWon(line.supply_value)}</td>
                  <td className="agency-num">{formatWon(line.vat)}</td>
                  <td className="agency-num">{formatWon(line.line_total)}</td>
                  {delivering && (
                    <td>
                      {t("purchase.progressOf", {
                        delivered: formatNumber(line.delivered_quantity ?? 0),
                        accepted: formatNumber(line.accepted_quantity ?? 0),
                        rejected: formatNumber(line.rejected_quantity ?? 0),
                      })}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <Amounts supply={purchase.supply_total ?? 0} vat={purchase.vat_total ?? 0} total={purchase.total ?? 0} />
      </section>

      <section aria-labelledby="purchase-trail">
        <h2 id="purchase-trail">{t("purchase.trail")}</h2>
        <ol className="agency-trail">
          {purchase.events.map((event, index) => (
            <li key={index}>
              <p>
                <strong>{t(`event.${event.kind}`, { defaultValue: event.kind })}</strong>
                {event.actor && <> · {event.actor.name}</>}
                {event.created_at && <span className="agency-muted"> · {formatDateTime(event.created_at)}</span>}
              </p>
              {event.comment && <blockquote className="agency-comment">{event.comment}</blockquote>}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link to="/agency/purchases">{t("purchase.back")}</Link>
      </p>
    </section>
  );
}
