import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { fieldErrors } from "../../../components/FormError";
import { Loading } from "../../../components/Loading";
import { useAnnouncement } from "../../../components/useAnnouncement";
import { formatDate, formatNumber, formatWon } from "../../../lib/format";
import { useFocusOnError, usePageTitle, wholeNumber } from "../ui";
import {
  documentUrls,
  sellerAgencyKeys,
  useAgencyOrder,
  useOrderDeliveries,
  type AgencyOrder,
  type Delivery,
  type OrderLine,
} from "./api";
import { Amounts, idFrom, ScrollBox, StatusBadge } from "./ui";
import "./agency.css";

/** What is still owed of a line: ordered less delivered, plus what inspection rejected (owed again). */
export function leftToDeliver(line: OrderLine): number {
  return Math.max(0, line.quantity - line.delivered_quantity + line.rejected_quantity);
}

/** One agency order: its lines (ordered, delivered, accepted, rejected), a delivery to record, and its deliveries. */
export function OrderPage() {
  const { t } = useTranslation("sellerAgency");
  const id = idFrom(useParams().id);
  const order = useAgencyOrder(id ?? 0);
  const deliveries = useOrderDeliveries(id ?? 0);
  usePageTitle(order.data?.title ?? t("order.title"));
  const { message, announce, statusRef } = useAnnouncement();

  return (
    <section className="page">
      <p>
        <Link to="/seller/agency/orders">{t("order.back")}</Link>
      </p>
      {id == null ? (
        <>
          <h1>{t("order.title")}</h1>
          <ErrorState error={null} />
        </>
      ) : order.isPending ? (
        <>
          <h1>{t("order.title")}</h1>
          <Loading />
        </>
      ) : order.isError ? (
        <>
          <h1>{t("order.title")}</h1>
          <ErrorState error={order.error} onRetry={() => void order.refetch()} />
        </>
      ) : (
        <>
          <h1>{order.data.title}</h1>
          <p role="status" className="seller-status" ref={statusRef} tabIndex={-1}>
            {message}
          </p>
          <OrderFacts order={order.data} />
          <OrderLines order={order.data} />
          {order.data.status === "ordered" && order.data.lines.some((line) => leftToDeliver(line) > 0) && (
            // A new key once the lines' quantities change: the form starts again from what is left.
            <DeliveryForm
              key={order.data.lines.map((line) => `${line.id}:${leftToDeliver(line)}`).join(",")}
              order={order.data}
              onDone={announce}
            />
          )}
          <section aria-labelledby="deliveries-title">
            <h2 id="deliveries-title">{t("order.deliveries")}</h2>
            {deliveries.isPending && <Loading />}
            {deliveries.isError && <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
            {deliveries.data &&
              (deliveries.data.length === 0 ? (
                <p className="notice">{t("order.noDeliveries")}</p>
              ) : (
                <ul className="seller-parts">
                  {deliveries.data.map((delivery) => (
                    <li key={delivery.id}>
                      <DeliveryCard delivery={delivery} onDone={announce} />
                    </li>
                  ))}
                </ul>
              ))}
          </section>
        </>
      )}
    </section>
  );
}

function OrderFacts({ order }: { order: AgencyOrder }) {
  const { t } = useTranslation("sellerAgency");
  return (
    <>
      <dl className="seller-facts sa-facts">
        <dt>{t("order.number")}</dt>
        <dd>{order.number}</dd>
        <dt>{t("orders.agency")}</dt>
        <dd>{order.agency.name}</dd>
        <dt>{t("orders.state")}</dt>
        <dd>
          <StatusBadge group="purchase" status={order.status} />
        </dd>
        <dt>{t("rfq.deliveryPlace")}</dt>
        <dd>{order.delivery_place}</dd>
        <dt>{t("rfq.deliveryDate")}</dt>
        <dd>{formatDate(order.delivery_date)}</dd>
        {order.approved_at && (
          <>
            <dt>{t("order.orderedOn")}</dt>
            <dd>{formatDate(order.approved_at)}</dd>
          </>
        )}
        {order.quotation_id != null && (
          <>
            <dt>{t("order.quotation")}</dt>
            <dd>
              {order.quotation_number}{" "}
              <a href={documentUrls.quotationPdf(order.quotation_id)} download>
                {t("documents.quotationPdf")}
              </a>
            </dd>
          </>
        )}
      </dl>
      <Amounts supply={order.supply_total} vat={order.vat_total} total={order.total} />
    </>
  );
}

function OrderLines({ order }: { order: AgencyOrder }) {
  const { t } = useTranslation("sellerAgency");
  return (
    <section aria-labelledby="order-lines-title">
      <h2 id="order-lines-title">{t("order.lines")}</h2>
      <ScrollBox label={t("order.lines")}>
        <table className="seller-table">
          <caption className="visually-hidden">{t("order.lines")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rfq.item")}</th>
              <th scope="col" className="seller-num">
                {t("quote.unitPriceShort")}
              </th>
              <th scope="col" className="seller-num">
                {t("order.ordered")}
              </th>
              <th scope="col" className="seller-num">
                {t("order.delivered")}
              </th>
              <th scope="col" className="seller-num">
                {t("order.accepted")}
              </th>
              <th scope="col" className="seller-num">
                {t("order.rejected")}
              </th>
              <th scope="col" className="seller-num">
                {t("order.left")}
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">
                  {line.title}
                  {line.vat_exempt && <span className="badge sa-exempt-badge">{t("money.exempt")}</span>}
                </th>
                <td className="seller-num">{formatWon(line.unit_price)}</td>
                <td className="seller-num">{formatNumber(line.quantity)}</td>
                <td className="seller-num">{formatNumber(line.delivered_quantity)}</td>
                <td className="seller-num">{formatNumber(line.accepted_quantity)}</td>
                <td className="seller-num">{formatNumber(line.rejected_quantity)}</td>
                <td className="seller-num">{formatNumber(leftToDeliver(line))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}

function today(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date());
}

/** 납품 등록: a quantity per line (at most what is left; 0 or blank leaves the line out), the day and a note. */
function DeliveryForm({ order, onDone }: { order: AgencyOrder; onDone: (message: string) => void }) {
  const { t } = useTranslation("sellerAgency");
  const queryClient = useQueryClient();
  const open = order.lines.filter((line) => leftToDeliver(line) > 0);
  const [quantities, setQuantities] = useState<Record<number, string>>(() =>
    Object.fromEntries(open.map((line) => [line.id, String(leftToDeliver(line))])),
  );
  const [day, setDay] = useState(today());
  const [note, setNote] = useState("");
  const form = useRef<HTMLFormElement>(null);
  const record = useMutation({
    mutationFn: (lines: { purchase_line_id: number; quantity: number }[]) =>
      unwrap(
        api.POST("/api/v1/seller/agency-orders/{id}/deliveries/", {
          params: { path: { id: order.id } },
          body: { lines, delivered_on: day, note },
        }),
      ),
    onSuccess: (delivery) => {
      void queryClient.invalidateQueries({ queryKey: sellerAgencyKeys.all });
      setNote("");
      onDone(t("delivery.recorded", { number: delivery.number }));
    },
  });
  const errors = fieldErrors(record.error);
  useFocusOnError(form, record.error);
  // The server names lines by their place in what was sent: map them back to the purchase lines.
  const sent = record.variables ?? [];
  const lineError = (lineId: number) => {
    const index = sent.findIndex((line) => line.purchase_line_id === lineId);
    return index >= 0 ? (errors.fields[`lines[${index}].quantity`] ?? errors.fields[`lines[${index}].purchase_line_id`]) : undefined;
  };
  const named = (field: string) => field === "delivered_on" || field === "note" || /^lines\[\d+\]\./.test(field);
  const formError = errors.form ?? Object.entries(errors.fields).find(([field]) => !named(field))?.[1] ?? null;

  return (
    <form
      ref={form}
      noValidate
      className="seller-panel sa-delivery-form"
      aria-labelledby="delivery-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        const lines = open
          .map((line) => ({ purchase_line_id: line.id, text: (quantities[line.id] ?? "").trim() }))
          .filter((line) => line.text !== "" && line.text !== "0")
          .map((line) => ({ purchase_line_id: line.purchase_line_id, quantity: wholeNumber(line.text) }));
        record.mutate(lines);
      }}
    >
      <h2 id="delivery-form-title">{t("delivery.formTitle")}</h2>
      <p className="field__hint">{t("delivery.formHint")}</p>
      {formError && (
        <p className="notice notice--error" role="alert">
          {formError}
        </p>
      )}
      <div className="seller-form__row">
        {open.map((line) => {
          const id = `deliver-${line.id}`;
          const error = lineError(line.id);
          return (
            <div className="field" key={line.id}>
              <label htmlFor={id}>{t("delivery.quantityLabel", { title: line.title })}</label>
              <p className="field__hint" id={`${id}-hint`}>
                {t("delivery.left", { count: leftToDeliver(line), unit: line.unit })}
              </p>
              <input
                id={id}
                inputMode="numeric"
                autoComplete="off"
                value={quantities[line.id] ?? ""}
                onChange={(event) => setQuantities((current) => ({ ...current, [line.id]: event.target.value }))}
                aria-invalid={error ? true : undefined}
                aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
              />
              {error && (
                <p className="field__error" id={`${id}-error`}>
                  {error}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <div className="seller-form">
        <div className="field">
          <label htmlFor="delivery-day">{t("delivery.day")}</label>
          <input
            id="delivery-day"
            type="date"
            value={day}
            onChange={(event) => setDay(event.target.value)}
            aria-invalid={errors.fields.delivered_on ? true : undefined}
            aria-describedby={errors.fields.delivered_on ? "delivery-day-error" : undefined}
          />
          {errors.fields.delivered_on && (
            <p className="field__error" id="delivery-day-error">
              {errors.fields.delivered_on}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="delivery-note">{t("delivery.note")}</label>
          <textarea
            id="delivery-note"
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            aria-invalid={errors.fields.note ? true : undefined}
            aria-describedby={errors.fields.note ? "delivery-note-error" : undefined}
          />
          {errors.fields.note && (
            <p className="field__error" id="delivery-note-error">
              {errors.fields.note}
            </p>
          )}
        </div>
        <button type="submit" className="button" disabled={record.isPending}>
          {record.isPending ? t("sending") : t("delivery.submit")}
        </button>
      </div>
    </form>
  );
}

/** A delivery with its inspection (검수) per line, its delivery note, and its invoice (or the button to issue it). */
export function DeliveryCard({ delivery, onDone }: { delivery: Delivery; onDone: (message: string) => void }) {
  const { t } = useTranslation("sellerAgency");
  const queryClient = useQueryClient();
  const issue = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/seller/agency-deliveries/{id}/invoice/", { params: { path: { id: delivery.id } } })),
    onSuccess: (invoice) => {
      void queryClient.invalidateQueries({ queryKey: sellerAgencyKeys.all });
      onDone(t("invoice.issued", { number: invoice.number, total: formatWon(invoice.total) }));
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: sellerAgencyKeys.all }),
  });
  const headingId = `delivery-${delivery.id}`;
  return (
    <article className="seller-part" aria-labelledby={headingId}>
      <h3 id={headingId} className="seller-part__title">
        {t("delivery.heading", { number: delivery.number })}
      </h3>
      <p className="seller-part__meta">
        <StatusBadge group="delivery" status={delivery.status} />{" "}
        {t("delivery.deliveredOn", { day: formatDate(delivery.delivered_on) })}
        {delivery.accepted_on && ` · ${t("delivery.acceptedOn", { day: formatDate(delivery.accepted_on) })}`}
      </p>
      <ScrollBox label={t("delivery.linesCaption", { number: delivery.number })}>
        <table className="seller-table">
          <caption className="visually-hidden">{t("delivery.linesCaption", { number: delivery.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rfq.item")}</th>
              <th scope="col" className="seller-num">
                {t("rfq.quantity")}
              </th>
              <th scope="col" className="seller-num">
                {t("money.total")}
              </th>
              <th scope="col">{t("delivery.result")}</th>
            </tr>
          </thead>
          <tbody>
            {delivery.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">{line.title}</th>
                <td className="seller-num">
                  {formatNumber(line.quantity)}
                  {line.unit}
                </td>
                <td className="seller-num">{formatWon(line.amount)}</td>
                <td>
                  <StatusBadge group="inspection" status={line.result ?? "pending"} />
                  {line.rejection_reason && <div className="seller-muted">{t("delivery.reason", { reason: line.rejection_reason })}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {delivery.status === "inspected" && <p>{t("delivery.acceptedTotal", { total: formatWon(delivery.accepted_total) })}</p>}
      {delivery.note && <p className="seller-muted sa-pre">{delivery.note}</p>}
      <div className="seller-actions">
        <a className="button button--secondary" href={documentUrls.deliveryNotePdf(delivery.id)} download>
          {t("documents.deliveryNotePdf")}
        </a>
        {delivery.invoice ? (
          <Link className="button button--secondary" to="/seller/agency/invoices">
            {t("delivery.invoiceLink", { number: delivery.invoice.number })}
          </Link>
        ) : (
          delivery.can_invoice && (
            <button type="button" className="button" disabled={issue.isPending} onClick={() => issue.mutate()}>
              {t("invoice.issue")}
            </button>
          )
        )}
      </div>
      {issue.isError && (
        <p className="notice notice--error" role="alert">
          {issue.error.message}
        </p>
      )}
    </article>
  );
}
