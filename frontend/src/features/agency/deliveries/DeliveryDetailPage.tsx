import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { documentLinks, useDelivery, type Delivery } from "../api";
import { StatusBadge, StatusLine, TableScroll, usePageTitle } from "../ui";
import { InspectionForm } from "./InspectionForm";

/** /agency/deliveries/:id: what was delivered, the inspection form (inspectors, while it waits), its results. */
export function DeliveryDetailPage() {
  const { t } = useTranslation("agency");
  const id = Number(useParams().id);
  const delivery = useDelivery(id);
  usePageTitle(delivery.data ? t("delivery.list.name", { number: delivery.data.number }) : t("delivery.list.title"));
  if (delivery.isPending) return <Loading />;
  if (delivery.isError) return <ErrorState error={delivery.error} onRetry={() => void delivery.refetch()} />;
  return <DeliveryView delivery={delivery.data} />;
}

function DeliveryView({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation("agency");
  const [message, setMessage] = useState("");
  const inspected = delivery.status === "inspected";
  return (
    <section className="page">
      <h1>{t("delivery.list.name", { number: delivery.number })}</h1>
      <p className="agency-meta">
        <StatusBadge group="delivery" status={delivery.status} />{" "}
        <Link to={`/agency/purchases/${delivery.purchase_id}`}>
          {delivery.purchase_title} ({delivery.purchase_number})
        </Link>
      </p>
      <StatusLine>{message}</StatusLine>
      <dl className="agency-facts">
        <dt>{t("purchase.firm")}</dt>
        <dd>{delivery.firm.name}</dd>
        <dt>{t("delivery.deliveredOn")}</dt>
        <dd>{formatDate(delivery.delivered_on)}</dd>
        {delivery.note && (
          <>
            <dt>{t("delivery.note")}</dt>
            <dd>{delivery.note}</dd>
          </>
        )}
        {delivery.inspected_at && (
          <>
            <dt>{t("delivery.inspectedAt")}</dt>
            <dd>{formatDateTime(delivery.inspected_at)}</dd>
          </>
        )}
        {delivery.accepted_on && (
          <>
            <dt>{t("inspect.day")}</dt>
            <dd>{formatDate(delivery.accepted_on)}</dd>
          </>
        )}
        {delivery.invoice && (
          <>
            <dt>{t("delivery.invoice")}</dt>
            <dd>
              <Link to={`/agency/invoices/${delivery.invoice.id}`}>{delivery.invoice.number}</Link>{" "}
              <StatusBadge group="invoice" status={delivery.invoice.status} />
            </dd>
          </>
        )}
        <dt>{t("delivery.documents")}</dt>
        <dd>
          <a className="agency-doc" href={documentLinks.deliveryNotePdf(delivery.id)} download>
            {t("documents.deliveryNotePdf")}
          </a>{" "}
          <a className="agency-doc" href={documentLinks.deliveryNoteCsv(delivery.id)} download>
            {t("documents.csv")}
          </a>
        </dd>
      </dl>

      {delivery.can_inspect ? (
        <InspectionForm delivery={delivery} onDone={setMessage} />
      ) : (
        <section aria-labelledby="delivery-lines">
          <h2 id="delivery-lines">{t("delivery.lines")}</h2>
          {!inspected && <p className="notice">{t("delivery.waitingForInspector")}</p>}
          <TableScroll label={t("delivery.lines")}>
            <table className="agency-table">
              <thead>
                <tr>
                  <th scope="col">{t("compare.item")}</th>
                  <th scope="col" className="agency-num">
                    {t("purchase.quantity")}
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
                  <th scope="col">{t("delivery.result")}</th>
                </tr>
              </thead>
              <tbody>
                {delivery.lines.map((line) => (
                  <tr key={line.id}>
                    <th scope="row">{line.title}</th>
                    <td className="agency-num">
                      {formatNumber(line.quantity)}
                      {line.unit}
                    </td>
                    <td className="agency-num">{formatWon(line.supply_value)}</td>
                    <td className="agency-num">{line.vat_exempt ? t("money.exempt") : formatWon(line.vat)}</td>
                    <td className="agency-num">{formatWon(line.amount)}</td>
                    <td>
                      <span className={`badge agency-badge--${line.result === "accepted" ? "ok" : line.result === "rejected" ? "bad" : "warn"}`}>
                        {t(`inspect.${line.result ?? "pending"}`, { defaultValue: line.result })}
                      </span>
                      {line.rejection_reason && <div className="agency-muted">{line.rejection_reason}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {inspected && <p>{t("delivery.acceptedSum", { amount: formatWon(delivery.accepted_total) })}</p>}
        </section>
      )}
      <p>
        <Link to="/agency/deliveries">{t("delivery.back")}</Link>
      </p>
    </section>
  );
}
