import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { fieldErrors } from "../../../components/FormError";
import { Loading } from "../../../components/Loading";
import { useAnnouncement } from "../../../components/useAnnouncement";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { Pager, listParams, pageFrom, usePageTitle } from "../ui";
import { INVOICE_STATUSES, documentUrls, sellerAgencyKeys, useAgencyInvoices, useDeliveriesToInvoice, type Invoice } from "./api";
import { DeliveryCard } from "./OrderPage";
import { Amounts, ScrollBox, StatusBadge } from "./ui";
import "./agency.css";

const PAGE_SIZE = 10;

/** 기관 청구서: inspected deliveries to invoice, and the firm's invoices to agencies with their payment. */
export function InvoicesPage() {
  const { t } = useTranslation("sellerAgency");
  usePageTitle(t("invoices.title"));
  const [params, setParams] = useSearchParams();
  const status = INVOICE_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const invoices = useAgencyInvoices({ page, status, pageSize: PAGE_SIZE });
  const toInvoice = useDeliveriesToInvoice();
  const { message, announce, statusRef } = useAnnouncement();

  return (
    <section className="page">
      <h1>{t("invoices.title")}</h1>
      <p className="seller-lead">{t("invoices.lead")}</p>
      <p role="status" className="seller-status" ref={statusRef} tabIndex={-1}>
        {message}
      </p>
      <section aria-labelledby="to-invoice-title">
        <h2 id="to-invoice-title">{t("invoices.toInvoice")}</h2>
        {toInvoice.isPending && <Loading />}
        {toInvoice.isError && <ErrorState error={toInvoice.error} onRetry={() => void toInvoice.refetch()} />}
        {toInvoice.data &&
          (toInvoice.data.length === 0 ? (
            <p className="notice">{t("invoices.nothingToInvoice")}</p>
          ) : (
            <ul className="seller-parts">
              {toInvoice.data.map((delivery) => (
                <li key={delivery.id}>
                  <p className="seller-muted">
                    {delivery.agency.name} ·{" "}
                    <Link to={`/seller/agency/orders/${delivery.purchase_id}`}>
                      {delivery.purchase_title} ({delivery.purchase_number})
                    </Link>
                  </p>
                  <DeliveryCard delivery={delivery} onDone={announce} />
                </li>
              ))}
            </ul>
          ))}
      </section>
      <section aria-labelledby="invoices-list-title">
        <h2 id="invoices-list-title">{t("invoices.list")}</h2>
        <div className="field seller-filter">
          <label htmlFor="agency-invoice-status">{t("invoices.filter")}</label>
          <select
            id="agency-invoice-status"
            value={status ?? ""}
            onChange={(event) => setParams(listParams(params, { status: event.target.value }))}
          >
            <option value="">{t("all")}</option>
            {INVOICE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`status.invoice.${value}`)}
              </option>
            ))}
          </select>
        </div>
        {invoices.isPending && <Loading />}
        {invoices.isError && <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />}
        {invoices.data &&
          (invoices.data.results.length === 0 ? (
            <p className="notice">{status ? t("invoices.noneWithStatus") : t("invoices.none")}</p>
          ) : (
            <>
              <ul className="seller-parts">
                {invoices.data.results.map((invoice) => (
                  <li key={invoice.id}>
                    <InvoiceCard invoice={invoice} onDone={announce} />
                  </li>
                ))}
              </ul>
              <Pager
                page={page}
                count={invoices.data.count}
                pageSize={PAGE_SIZE}
                onPage={(next) => setParams(listParams(params, { page: next }))}
              />
            </>
          ))}
      </section>
    </section>
  );
}

function InvoiceCard({ invoice, onDone }: { invoice: Invoice; onDone: (message: string) => void }) {
  const { t } = useTranslation("sellerAgency");
  const headingId = `invoice-${invoice.id}`;
  return (
    <article className="seller-part" aria-labelledby={headingId}>
      <h3 id={headingId} className="seller-part__title">
        {t("invoice.heading", { number: invoice.number })}
      </h3>
      <p className="seller-part__meta">
        <StatusBadge group="invoice" status={invoice.status} /> {invoice.agency.name}
      </p>
      <dl className="seller-facts">
        <dt>{t("invoice.order")}</dt>
        <dd>
          <Link to={`/seller/agency/orders/${invoice.purchase_id}`}>{invoice.purchase_number}</Link>
        </dd>
        <dt>{t("invoice.delivery")}</dt>
        <dd>{invoice.delivery_number}</dd>
        <dt>{t("invoice.issuedOn")}</dt>
        <dd>{formatDate(invoice.issued_on)}</dd>
        <dt>{t("invoice.dueOn")}</dt>
        <dd>{formatDate(invoice.due_on)}</dd>
        <dt>{t("invoice.sent")}</dt>
        <dd>{invoice.sent ? t("invoice.sentYes") : t("invoice.sentNo")}</dd>
        {invoice.paid_at && (
          <>
            <dt>{t("invoice.paidAt")}</dt>
            <dd>
              {formatDateTime(invoice.paid_at)}
              {invoice.paid_by_method && ` · ${t(`invoice.method.${invoice.paid_by_method}`, { defaultValue: invoice.paid_by_method })}`}
              {invoice.payment_reference && ` · ${invoice.payment_reference}`}
            </dd>
          </>
        )}
      </dl>
      <ScrollBox label={t("invoice.linesCaption", { number: invoice.number })}>
        <table className="seller-table">
          <caption className="visually-hidden">{t("invoice.linesCaption", { number: invoice.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rfq.item")}</th>
              <th scope="col" className="seller-num">
                {t("rfq.quantity")}
              </th>
              <th scope="col" className="seller-num">
                {t("money.supply")}
              </th>
              <th scope="col" className="seller-num">
                {t("money.vat")}
              </th>
              <th scope="col" className="seller-num">
                {t("money.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">
                  {line.title}
                  {line.vat_exempt && <span className="badge sa-exempt-badge">{t("money.exempt")}</span>}
                </th>
                <td className="seller-num">
                  {formatNumber(line.quantity)}
                  {line.unit}
                </td>
                <td className="seller-num">{formatWon(line.supply_value)}</td>
                <td className="seller-num">{formatWon(line.vat)}</td>
                <td className="seller-num">{formatWon(line.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <Amounts supply={invoice.supply_total} vat={invoice.vat_total} total={invoice.total} />
      {invoice.refunded_total > 0 && <p>{t("invoice.refunded", { amount: formatWon(invoice.refunded_total) })}</p>}
      <div className="seller-actions">
        <a className="button button--secondary" href={documentUrls.deliveryNotePdf(invoice.delivery_id)} download>
          {t("documents.deliveryNotePdf")}
        </a>
        {invoice.status === "paid" && <TaxInvoiceDownload invoice={invoice} />}
      </div>
      {invoice.can_mark_paid && <MarkPaidForm invoice={invoice} onDone={onDone} />}
    </article>
  );
}

/** 입금 확인: the agency's bank transfer came in; its reference as on the statement. */
function MarkPaidForm({ invoice, onDone }: { invoice: Invoice; onDone: (message: string) => void }) {
  const { t } = useTranslation("sellerAgency");
  const queryClient = useQueryClient();
  const [reference, setReference] = useState("");
  const markPaid = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/seller/agency-invoices/{id}/mark-paid/", {
          params: { path: { id: invoice.id } },
          body: { reference },
        }),
      ),
    onSuccess: (paid) => {
      void queryClient.invalidateQueries({ queryKey: sellerAgencyKeys.all });
      void queryClient.invalidateQueries({ queryKey: ["seller", "settlement"] });
      onDone(t("invoice.markedPaid", { number: paid.number }));
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: sellerAgencyKeys.invoices }),
  });
  const errors = fieldErrors(markPaid.error);
  const id = `paid-${invoice.id}`;
  const error = errors.fields.reference;
  const other = errors.form ?? Object.entries(errors.fields).find(([field]) => field !== "reference")?.[1] ?? null;
  return (
    <form
      noValidate
      className="seller-form seller-inline-form sa-paid-form"
      aria-label={t("invoice.markPaidForm", { number: invoice.number })}
      onSubmit={(event) => {
        event.preventDefault();
        markPaid.mutate();
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t("invoice.reference")}</label>
        <p className="field__hint" id={`${id}-hint`}>
          {t("invoice.referenceHint")}
        </p>
        <input
          id={id}
          value={reference}
          autoComplete="off"
          onChange={(event) => setReference(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
        />
        {error && (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={markPaid.isPending}>
        {t("invoice.markPaid")}
      </button>
      {other && (
        <p className="notice notice--error" role="alert">
          {other}
        </p>
      )}
    </form>
  );
}

/** 전자세금계산서 data of a paid invoice, saved as a JSON file (read through the API, then handed to the browser). */
function TaxInvoiceDownload({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation("sellerAgency");
  const download = useMutation({
    mutationFn: () =>
      unwrap(
        api.GET("/api/v1/seller/agency-invoices/{id}/tax-invoice.json", { params: { path: { id: invoice.id } } }),
      ),
    onSuccess: (data) => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `tax-invoice-${invoice.number}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    },
  });
  return (
    <>
      <button type="button" className="button button--secondary" disabled={download.isPending} onClick={() => download.mutate()}>
        {t("documents.taxInvoice")}
      </button>
      {download.isError && (
        <p className="notice notice--error" role="alert">
          {download.error.message}
        </p>
      )}
    </>
  );
}
