import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDateTime, formatWon } from "../../../lib/format";
import { RequireLogin } from "../../auth";
import { CardPayment } from "./CardPayment";
import "../cart.css";

export function PaymentPage() {
  return (
    <RequireLogin>
      <Payment />
    </RequireLogin>
  );
}

function Payment() {
  const { t } = useTranslation("cart");
  const orderId = Number(useParams().orderId);
  const order = useQuery({
    queryKey: ["orders", orderId],
    queryFn: () => unwrap(api.GET("/api/v1/orders/{id}/", { params: { path: { id: orderId } } })),
    enabled: Number.isInteger(orderId) && orderId > 0,
  });

  if (!Number.isInteger(orderId) || orderId <= 0) return <Navigate to="/orders" replace />;
  if (order.isPending) return <Loading />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  const data = order.data;
  // Paid (just now by the card form below, or before): the order's page says so.
  if (data.status === "paid" || data.status === "closed") return <Navigate to={`/orders/${data.id}?paid=1`} replace />;

  return (
    <section className="page payment">
      <h1>{t("payment.title")}</h1>
      <div className="checkout__layout">
        <div>
          {data.status === "pending_payment" ? (
            <>
              <p>{t("payment.deadline", { time: formatDateTime(data.reservation_expires_at) })}</p>
              <CardPayment order={data} />
            </>
          ) : (
            <div className="notice notice--warning">
              <p>{t("payment.notPayable")}</p>
              <Link to={`/orders/${data.id}`}>{t("payment.seeOrder")}</Link>
            </div>
          )}
        </div>
        <aside className="cart-summary" aria-labelledby="payment-summary-title">
          <h2 id="payment-summary-title">{t("payment.order", { number: data.number })}</h2>
          <ul className="checkout__parts">
            {data.fulfilments.map((part) => (
              <li key={part.id}>
                <span>{part.firm_name}</span>
                <span>{formatWon(part.items_total)}</span>
              </li>
            ))}
          </ul>
          <dl className="cart-summary__rows">
            <div className="cart-summary__total">
              <dt>{t("payment.amount")}</dt>
              <dd>{formatWon(data.total)}</dd>
            </div>
          </dl>
          <p>
            {t("payment.shipTo", { name: data.shipping.name, address: `${data.shipping.address1} ${data.shipping.address2}`.trim() })}
          </p>
          <Link to={`/orders/${data.id}`}>{t("payment.seeOrder")}</Link>
        </aside>
      </div>
    </section>
  );
}
