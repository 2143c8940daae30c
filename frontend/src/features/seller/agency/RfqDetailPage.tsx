import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { useMe } from "../../../app/session";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { useAnnouncement } from "../../../components/useAnnouncement";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { usePageTitle } from "../ui";
import { documentUrls, sellerAgencyKeys, useItemProducts, useQuoteRequest, type Quotation, type QuoteRequest } from "./api";
import { QuotationForm } from "./QuotationForm";
import { Amounts, idFrom, ScrollBox, StatusBadge } from "./ui";
import "./agency.css";

/** One request for quotation sent to the firm: what the agency needs, the firm's quotation, and the form to answer. */
export function RfqDetailPage() {
  const { t } = useTranslation("sellerAgency");
  const id = idFrom(useParams().id);
  const request = useQuoteRequest(id ?? 0);
  usePageTitle(request.data?.title ?? t("rfq.title"));
  const { message, announce, statusRef } = useAnnouncement();

  return (
    <section className="page">
      <p>
        <Link to="/seller/agency/rfqs">{t("rfq.back")}</Link>
      </p>
      {id == null ? (
        <>
          <h1>{t("rfq.title")}</h1>
          <ErrorState error={null} />
        </>
      ) : request.isPending ? (
        <>
          <h1>{t("rfq.title")}</h1>
          <Loading />
        </>
      ) : request.isError ? (
        <>
          <h1>{t("rfq.title")}</h1>
          <ErrorState error={request.error} onRetry={() => void request.refetch()} />
        </>
      ) : (
        <>
          <h1>{request.data.title}</h1>
          <p role="status" className="seller-status" ref={statusRef} tabIndex={-1}>
            {message}
          </p>
          <RequestFacts request={request.data} />
          {request.data.my_quotation && <MyQuotation quotation={request.data.my_quotation} onDone={announce} />}
          <Answer request={request.data} onDone={announce} />
        </>
      )}
    </section>
  );
}

function RequestFacts({ request }: { request: QuoteRequest }) {
  const { t } = useTranslation("sellerAgency");
  return (
    <>
      <dl className="seller-facts sa-facts">
        <dt>{t("rfq.number")}</dt>
        <dd>{request.number}</dd>
        <dt>{t("rfq.agency")}</dt>
        <dd>{request.agency.name}</dd>
        <dt>{t("rfq.state")}</dt>
        <dd>
          <StatusBadge group="quoteRequest" status={request.status} />
        </dd>
        <dt>{t("rfq.deadline")}</dt>
        <dd>
          {formatDateTime(request.reply_deadline)}
          {request.deadline_passed && ` (${t("rfqs.deadlinePassed")})`}
        </dd>
        <dt>{t("rfq.deliveryPlace")}</dt>
        <dd>{request.delivery_place}</dd>
        <dt>{t("rfq.deliveryDate")}</dt>
        <dd>{formatDate(request.delivery_date)}</dd>
        {request.note && (
          <>
            <dt>{t("rfq.note")}</dt>
            <dd className="sa-pre">{request.note}</dd>
          </>
        )}
      </dl>
      <h2>{t("rfq.items")}</h2>
      <ScrollBox label={t("rfq.items")}>
        <table className="seller-table">
          <caption className="visually-hidden">{t("rfq.items")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rfq.item")}</th>
              <th scope="col" className="seller-num">
                {t("rfq.quantity")}
              </th>
              <th scope="col" className="seller-num">
                {t("rfq.cataloguePrice")}
              </th>
            </tr>
          </thead>
          <tbody>
            {request.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  {item.description}
                  <div className="seller-muted">{item.product_id == null ? t("quote.freeText") : t("rfq.catalogueItem")}</div>
                </th>
                <td className="seller-num">
                  {formatNumber(item.quantity)}
                  {item.unit}
                </td>
                <td className="seller-num">{item.catalogue_unit_price != null ? formatWon(item.catalogue_unit_price) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}

/** The firm's quotation on this request (the live one, else the latest withdrawn), its PDF and withdrawal. */
function MyQuotation({ quotation, onDone }: { quotation: Quotation; onDone: (message: string) => void }) {
  const { t } = useTranslation("sellerAgency");
  const queryClient = useQueryClient();
  const withdraw = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/seller/quotations/{id}/withdraw/", { params: { path: { id: quotation.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: sellerAgencyKeys.quoteRequests });
      onDone(t("quote.withdrawn", { number: quotation.number }));
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: sellerAgencyKeys.quoteRequest(quotation.quote_request_id) }),
  });
  return (
    <section className="seller-panel" aria-labelledby="my-quotation-title">
      <h2 id="my-quotation-title">{t("quote.mine")}</h2>
      <p>
        <StatusBadge group="quotation" status={quotation.status} /> {quotation.number} ·{" "}
        {t("quote.submittedAt", { when: formatDateTime(quotation.submitted_at) })}
      </p>
      <dl className="seller-facts">
        <dt>{t("quote.validUntil")}</dt>
        <dd>{formatDate(quotation.valid_until)}</dd>
        {quotation.delivery_terms && (
          <>
            <dt>{t("quote.deliveryTerms")}</dt>
            <dd className="sa-pre">{quotation.delivery_terms}</dd>
          </>
        )}
      </dl>
      <ScrollBox label={t("quote.linesCaption", { number: quotation.number })}>
        <table className="seller-table">
          <caption className="visually-hidden">{t("quote.linesCaption", { number: quotation.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rfq.item")}</th>
              <th scope="col" className="seller-num">
                {t("rfq.quantity")}
              </th>
              <th scope="col" className="seller-num">
                {t("quote.unitPriceShort")}
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
            {quotation.lines.map((line) => (
              <tr key={line.item_id}>
                <th scope="row">
                  {line.title}
                  {line.vat_exempt && <span className="badge sa-exempt-badge">{t("money.exempt")}</span>}
                </th>
                <td className="seller-num">
                  {formatNumber(line.quantity)}
                  {line.unit}
                </td>
                <td className="seller-num">{formatWon(line.unit_price)}</td>
                <td className="seller-num">{formatWon(line.supply_value)}</td>
                <td className="seller-num">{formatWon(line.vat)}</td>
                <td className="seller-num">{formatWon(line.line_total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <Amounts supply={quotation.supply_total} vat={quotation.vat_total} total={quotation.total} />
      <p className="seller-actions">
        <a className="button button--secondary" href={documentUrls.quotationPdf(quotation.id)} download>
          {t("documents.quotationPdf")}
        </a>
        {quotation.can_withdraw && (
          <button type="button" className="button button--danger" disabled={withdraw.isPending} onClick={() => withdraw.mutate()}>
            {t("quote.withdraw")}
          </button>
        )}
      </p>
      {withdraw.isError && (
        <p className="notice notice--error" role="alert">
          {withdraw.error.message}
        </p>
      )}
    </section>
  );
}

/** The quotation form when the firm may quote now; otherwise why it may not. */
function Answer({ request, onDone }: { request: QuoteRequest; onDone: (message: string) => void }) {
  const { t } = useTranslation("sellerAgency");
  const queryClient = useQueryClient();
  const me = useMe();
  const productIds = [...new Set(request.items.flatMap((item) => (item.product_id != null ? [item.product_id] : [])))];
  const catalogue = useItemProducts(productIds);
  if (!request.can_quote) {
    if (request.my_quotation && request.my_quotation.status !== "withdrawn") return null;
    const why = request.status !== "open" ? t(`quote.closed.${request.status}`) : request.deadline_passed ? t("quote.closed.deadline") : null;
    return why ? <p className="notice">{why}</p> : null;
  }
  if (catalogue.pending || me.isPending) return <Loading />;
  return (
    <QuotationForm
      request={request}
      firmId={me.data?.firm_id ?? 0}
      products={catalogue.products}
      onSubmitted={(updated) => {
        queryClient.setQueryData(sellerAgencyKeys.quoteRequest(request.id), updated);
        void queryClient.invalidateQueries({ queryKey: sellerAgencyKeys.quoteRequests });
        onDone(t("quote.sent", { number: updated.my_quotation?.number ?? "" }));
      }}
    />
  );
}
