import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { ApiError, api, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { fieldErrors } from "../../../components/FormError";
import { Loading } from "../../../components/Loading";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { agencyKeys, documentLinks, useComparison, useQuoteRequest, type Quotation, type QuoteRequest } from "../api";
import { Field, StatusBadge, useFocusOnError, usePageTitle } from "../ui";
import { ComparisonTable } from "./ComparisonTable";

/** /agency/rfqs/:id: the request, the quotations received side by side, and choosing one to buy. */
export function RfqDetailPage() {
  const { t } = useTranslation("agency");
  const id = Number(useParams().id);
  const request = useQuoteRequest(id);
  usePageTitle(request.data ? request.data.title : t("rfq.detail.title"));
  if (request.isPending) return <Loading />;
  if (request.isError) return <ErrorState error={request.error} onRetry={() => void request.refetch()} />;
  return <RequestView request={request.data} />;
}

function RequestView({ request }: { request: QuoteRequest }) {
  const { t } = useTranslation("agency");
  const location = useLocation();
  const sent = (location.state as { sent?: boolean } | null)?.sent;
  const live = request.quotations.filter((quotation) => quotation.status !== "withdrawn");
  return (
    <section className="page">
      <h1>{request.title}</h1>
      <p className="agency-meta">
        <StatusBadge group="rfq" status={request.status ?? "open"} /> {request.number}
      </p>
      {sent && (
        <p className="notice notice--success" role="status">
          {t("rfq.detail.sent", { count: request.firms.length })}
        </p>
      )}
      <dl className="agency-facts">
        <dt>{t("rfq.detail.requester")}</dt>
        <dd>{request.requester.name}</dd>
        <dt>{t("rfq.compose.deliveryPlace")}</dt>
        <dd>{request.delivery_place}</dd>
        <dt>{t("rfq.compose.deliveryDate")}</dt>
        <dd>{formatDate(request.delivery_date)}</dd>
        <dt>{t("rfq.compose.replyDeadline")}</dt>
        <dd>
          {formatDateTime(request.reply_deadline)}
          {request.deadline_passed && <> · {t("rfq.deadlinePassed")}</>}
        </dd>
        <dt>{t("rfq.detail.firms")}</dt>
        <dd>
          <ul className="agency-inline-list">
            {request.firms.map((firm) => (
              <li key={firm.id}>
                {firm.name}{" "}
                <a className="agency-doc" href={documentLinks.firmDesignationsPdf(firm.id)} download>
                  {t("documents.designations")}
                </a>
              </li>
            ))}
          </ul>
        </dd>
        {request.note && (
          <>
            <dt>{t("rfq.compose.note")}</dt>
            <dd>{request.note}</dd>
          </>
        )}
      </dl>

      <section aria-labelledby="rfq-items">
        <h2 id="rfq-items">{t("rfq.compose.items")}</h2>
        <ul className="agency-lines">
          {request.items.map((item) => (
            <li key={item.id}>
              {t("rfq.detail.item", { description: item.description, quantity: formatNumber(item.quantity), unit: item.unit ?? "" })}
              {item.catalogue_unit_price != null && (
                <span className="agency-muted"> · {t("compare.cataloguePrice", { price: formatWon(item.catalogue_unit_price) })}</span>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="rfq-quotations">
        <h2 id="rfq-quotations">{t("rfq.detail.quotations", { count: live.length })}</h2>
        {live.length === 0 ? (
          <p className="notice">{request.status === "open" ? t("rfq.detail.waiting") : t("rfq.detail.none")}</p>
        ) : (
          <Quotations request={request} />
        )}
      </section>

      {request.can_cancel && <CancelRequest request={request} />}
      <p>
        <Link to="/agency/rfqs">{t("rfq.detail.back")}</Link>
      </p>
    </section>
  );
}

function Quotations({ request }: { request: QuoteRequest }) {
  const { t } = useTranslation("agency");
  const comparison = useComparison(request.id);
  const [chosen, setChosen] = useState<Quotation | null>(null);
  const selectable = new Set(request.quotations.filter((quotation) => quotation.can_select).map((quotation) => quotation.id));
  return (
    <>
      {comparison.isPending && <Loading />}
      {comparison.isError && <ErrorState error={comparison.error} onRetry={() => void comparison.refetch()} />}
      {comparison.data && (
        <ComparisonTable
          comparison={comparison.data}
          selectable={selectable}
          onSelect={(quotationId) => setChosen(request.quotations.find((quotation) => quotation.id === quotationId) ?? null)}
        />
      )}
      {chosen && <SelectForm request={request} quotation={chosen} onClose={() => setChosen(null)} />}
      <h3>{t("rfq.detail.documents")}</h3>
      <ul className="agency-docs">
        {request.quotations
          .filter((quotation) => quotation.status !== "withdrawn")
          .map((quotation) => (
            <li key={quotation.id}>
              {t("rfq.detail.quotationOf", { firm: quotation.firm.name, number: quotation.number })}{" "}
              <StatusBadge group="quotation" status={quotation.status ?? "submitted"} />{" "}
              <a className="agency-doc" href={documentLinks.quotationPdf(quotation.id)} download>
                {t("documents.pdf")}
              </a>{" "}
              <a className="agency-doc" href={documentLinks.quotationCsv(quotation.id)} download>
                {t("documents.csv")}
              </a>
              {quotation.note && <p className="agency-muted">{quotation.note}</p>}
            </li>
          ))}
      </ul>
    </>
  );
}

function SelectForm({ request, quotation, onClose }: { request: QuoteRequest; quotation: Quotation; onClose: () => void }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [place, setPlace] = useState(request.delivery_place);
  const [date, setDate] = useState(request.delivery_date);
  useEffect(() => heading.current?.focus(), [quotation.id]);
  const select = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/agency/quote-requests/{id}/select/", {
          params: { path: { id: request.id } },
          body: { quotation: quotation.id, delivery_place: place, delivery_date: date },
        }),
      ),
    onSuccess: (purchase) => {
      queryClient.setQueryData(agencyKeys.purchase(purchase.id), purchase);
      void queryClient.invalidateQueries({ queryKey: agencyKeys.all });
      void navigate(`/agency/purchases/${purchase.id}`, { state: { created: true } });
    },
    onError: (error) => {
      // The request or the quotation moved on meanwhile: read them again, so the buttons follow the server.
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: agencyKeys.quoteRequest(request.id) });
        void queryClient.invalidateQueries({ queryKey: agencyKeys.comparison(request.id) });
      }
    },
  });
  const errors = fieldErrors(select.error);
  useFocusOnError(form, select.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    select.mutate();
  }

  return (
    <form ref={form} noValidate className="agency-panel agency-form" onSubmit={submit} aria-labelledby="select-title">
      <h3 id="select-title" ref={heading} tabIndex={-1}>
        {t("select.title", { firm: quotation.firm.name })}
      </h3>
      <p>{t("select.summary", { number: quotation.number, total: formatWon(quotation.total ?? 0) })}</p>
      <Field name="delivery_place" idPrefix="select" label={t("rfq.compose.deliveryPlace")} error={errors.fields.delivery_place}>
        {(control) => <input {...control} value={place} onChange={(event) => setPlace(event.target.value)} maxLength={300} />}
      </Field>
      <Field name="delivery_date" idPrefix="select" label={t("rfq.compose.deliveryDate")} error={errors.fields.delivery_date}>
        {(control) => <input {...control} type="date" value={date} onChange={(event) => setDate(event.target.value)} />}
      </Field>
      <p className="field__hint">{t("select.hint")}</p>
      {(errors.form || errors.fields.quotation) && (
        <p className="notice notice--error" role="alert">
          {errors.form ?? errors.fields.quotation}
        </p>
      )}
      <div className="agency-actions">
        <button type="submit" className="button" disabled={select.isPending}>
          {t("select.submit")}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t("close")}
        </button>
      </div>
    </form>
  );
}

function CancelRequest({ request }: { request: QuoteRequest }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/agency/quote-requests/{id}/cancel/", { params: { path: { id: request.id } } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(agencyKeys.quoteRequest(request.id), updated);
      void queryClient.invalidateQueries({ queryKey: agencyKeys.quoteRequests });
    },
  });
  return (
    <div className="agency-panel">
      {confirming ? (
        <>
          <p>{t("rfq.detail.cancelConfirm")}</p>
          <div className="agency-actions">
            <button type="button" className="button button--danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
              {t("rfq.detail.cancelYes")}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              {t("close")}
            </button>
          </div>
        </>
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
          {t("rfq.detail.cancel")}
        </button>
      )}
      {cancel.error && (
        <p className="notice notice--error" role="alert">
          {cancel.error.message}
        </p>
      )}
    </div>
  );
}
