import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { ErrorState } from "../../components/ErrorState";
import { fieldErrors } from "../../components/FormError";
import { Loading } from "../../components/Loading";
import { formatDateTime, formatWon } from "../../lib/format";
import { RequireLogin } from "../auth";
import { ImpactReceipt } from "../reports/impact";
import { FulfilmentPart } from "./FulfilmentPart";
import type { Order } from "./orderRules";
import { useCancelOrder, useOrder } from "./queries";
import { StatusBadge } from "./StatusBadge";
import "./orders.css";

export function OrderPage() {
  return (
    <RequireLogin>
      <OrderDetail />
    </RequireLogin>
  );
}

function OrderDetail() {
  const { t } = useTranslation("orders");
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const order = useOrder(id);
  // What the last action did, announced to screen readers.
  const [announcement, setAnnouncement] = useState("");

  if (order.isPending) return <Loading />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  const data = order.data;
  const paidNow = params.get("paid") === "1" && (data.status === "paid" || data.status === "closed");

  return (
    <section className="page order-page">
      <p>
        <Link to="/orders">{t("detail.back")}</Link>
      </p>
      <div className="order-page__head">
        <h1>{t("detail.title", { number: data.number })}</h1>
        <StatusBadge kind="order" status={data.status} />
      </div>
      {paidNow && (
        <div className="notice notice--success" role="status">
          <p className="notice__title">{t("detail.paidNow")}</p>
          <p>{t("detail.paidNowHint")}</p>
        </div>
      )}
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
      <dl className="order-page__facts">
        <div>
          <dt>{t("detail.placedAt")}</dt>
          <dd>{formatDateTime(data.placed_at)}</dd>
        </div>
        {data.paid_at && (
          <div>
            <dt>{t("detail.paidAt")}</dt>
            <dd>{formatDateTime(data.paid_at)}</dd>
          </div>
        )}
        <div>
          <dt>{t("detail.total")}</dt>
          <dd>
            <strong>{formatWon(data.total)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t("detail.shipTo")}</dt>
          <dd>
            {data.shipping.name} · {data.shipping.phone}
            <br />({data.shipping.postal_code}) {data.shipping.address1} {data.shipping.address2}
          </dd>
        </div>
      </dl>
      {data.status === "pending_payment" && <Unpaid order={data} onDone={setAnnouncement} />}
      {(data.status === "paid" || data.status === "closed") && <ImpactReceipt number={data.number} />}

      <h2 className="order-page__parts-title">{t("detail.parts", { count: data.fulfilments.length })}</h2>
      {data.fulfilments.map((part) => (
        <FulfilmentPart key={part.id} orderId={data.id} part={part} paid={data.status !== "pending_payment"} onDone={setAnnouncement} />
      ))}

      <h2>{t("detail.history")}</h2>
      <ol className="order-events">
        {data.events.map((event, index) => {
          const firm = data.fulfilments.find((part) => part.id === event.fulfilment_id)?.firm_name;
          return (
            <li key={`${event.created_at}-${index}`} className="order-events__item">
              <time dateTime={event.created_at}>{formatDateTime(event.created_at)}</time>{" "}
              <span className="order-events__what">
                {firm ? `${firm}: ` : ""}
                {t(`event.${event.kind}`, { defaultValue: event.kind })}
              </span>
              {event.note && <span className="order-events__note"> — {event.note}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** An unpaid order: pay it (the checkout's payment step) or cancel it (its stock goes back). */
function Unpaid({ order, onDone }: { order: Order; onDone: (message: string) => void }) {
  const { t } = useTranslation("orders");
  const cancel = useCancelOrder(order.id);
  const [asking, setAsking] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const error = cancel.isError ? (fieldErrors(cancel.error).form ?? cancel.error.message) : null;

  return (
    <div className="notice notice--warning">
      <p className="notice__title">{t("detail.unpaid", { time: formatDateTime(order.reservation_expires_at) })}</p>
      <div className="order-page__actions">
        <Link to={`/checkout/${order.id}`} className="button">
          {t("detail.pay")}
        </Link>
        {order.can_cancel && !asking && (
          <button
            ref={cancelButton}
            type="button"
            className="button button--danger"
            onClick={() => {
              setAsking(true);
              requestAnimationFrame(() => keep.current?.focus());
            }}
          >
            {t("detail.cancel")}
          </button>
        )}
      </div>
      {asking && (
        <div className="order-page__confirm" role="group" aria-labelledby="cancel-question">
          <p id="cancel-question">{t("detail.cancelQuestion")}</p>
          <button
            type="button"
            className="button button--danger"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(undefined, { onSuccess: () => onDone(t("detail.cancelled")) })}
          >
            {t("detail.cancelYes")}
          </button>{" "}
          <button
            ref={keep}
            type="button"
            className="button button--secondary"
            onClick={() => {
              setAsking(false);
              requestAnimationFrame(() => cancelButton.current?.focus());
            }}
          >
            {t("detail.cancelNo")}
          </button>
        </div>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
