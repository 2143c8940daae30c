import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMe } from "../../../app/session";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { documentLinks, useInvoice, type Invoice } from "../api";
import { Amounts, StatusBadge, TableScroll, usePageTitle } from "../ui";
import { InvoiceCardPayment } from "./InvoiceCardPayment";

/** /agency/invoices/:id: what is billed (accepted lines only), supply value and VAT, the due day and how to pay. */
export function InvoiceDetailPage() {
  const { t } = useTranslation("agency");
  const id = Number(useParams().id);
  const invoice = useInvoice(id);
  usePageTitle(invoice.data ? t("invoice.name", { number: invoice.data.number }) : t("invoice.list.title"));
  if (invoice.isPending) return <Loading />;
  if (invoice.isError) return <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} />;
  return <InvoiceView invoice={invoice.data} />;
}

function InvoiceView({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation("agency");
  // Card payment is the server's word (can_pay_by_card: open and small enough); the service takes an approver.
  const approver = useMe().data?.agency?.roles.includes("approver") ?? false;
  return (
    <section className="page">
      <h1>{t("invoice.name", { number: invoice.number })}</h1>
      <p className="agency-meta">
        <StatusBadge group="invoice" status={invoice.status} /> {invoice.firm.name}
      </p>
      {invoice.status === "open" && (
        <div className="notice notice--warning">
          <p className="notice__title">{t("invoice.payBy", { date: formatDate(invoice.due_on), total: formatWon(invoice.total) })}</p>
          <p>{t("invoice.transferHelp")}</p>
          {invoice.hosted_invoice_url ? (
            <p>
              <a href={invoice.hosted_invoice_url} target="_blank" rel="noopener noreferrer">
                {t("invoice.hosted")}
              </a>
            </p>
          ) : (
            <p className="agency-muted">{invoice.sent ? t("invoice.noLink") : t("invoice.notSent")}</p>
          )}
        </div>
      )}
      {invoice.can_pay_by_card && approver && <InvoiceCardPayment invoice={invoice} />}
      {invoice.status === "paid" && invoice.paid_at && (
        <p className="notice notice--success">
          {t("invoice.paid", {
            date: formatDateTime(invoice.paid_at),
            method: t(`invoice.method.${invoice.paid_by_method || "gateway"}`, { defaultValue: invoice.paid_by_method }),
          })}
        </p>
      )}
      <Amounts supply={invoice.supply_total} vat={invoice.vat_total} total={invoice.total} />
      <dl className="agency-facts">
        <dt>{t("invoice.issuedOn")}</dt>
        <dd>{formatDate(invoice.issued_on)}</dd>
        <dt>{t("invoice.dueOn")}</dt>
        <dd>{formatDate(invoice.due_on)}</dd>
        <dt>{t("invoice.purchase")}</dt>
        <dd>
          <Link to={`/agency/purchases/${invoice.purchase_id}`}>{invoice.purchase_number}</Link>
        </dd>
        <dt>{t("invoice.delivery")}</dt>
        <dd>
          <Link to={`/agency/deliveries/${invoice.delivery_id}`}>{invoice.delivery_number}</Link>
        </dd>
        {invoice.payment_reference && (
          <>
            <dt>{t("invoice.reference")}</dt>
            <dd>{invoice.payment_reference}</dd>
          </>
        )}
        <dt>{t("delivery.documents")}</dt>
        <dd>
          <ul className="agency-inline-list">
            <li>
              <a className="agency-doc" href={documentLinks.deliveryNotePdf(invoice.delivery_id)} download>
                {t("documents.deliveryNotePdf")}
              </a>
            </li>
            <li>
              <a className="agency-doc" href={documentLinks.firmDesignationsPdf(invoice.firm.id)} download>
                {t("documents.designations")}
              </a>
            </li>
          </ul>
        </dd>
      </dl>

      <section aria-labelledby="invoice-lines">
        <h2 id="invoice-lines">{t("invoice.lines")}</h2>
        <TableScroll label={t("invoice.lines")}>
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
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((line) => (
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
                  <td className="agency-num">{formatWon(line.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      {invoice.refunds.length > 0 && (
        <section aria-labelledby="invoice-refunds">
          <h2 id="invoice-refunds">{t("invoice.refunds", { total: formatWon(invoice.refunded_total) })}</h2>
          <ul className="agency-lines">
            {invoice.refunds.map((refund) => (
              <li key={refund.id}>
                {t("invoice.refund", { date: formatDate(refund.refunded_on), amount: formatWon(refund.amount), reason: refund.reason })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <Link to="/agency/invoices">{t("invoice.back")}</Link>
      </p>
    </section>
  );
}
