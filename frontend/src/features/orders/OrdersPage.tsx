import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Loading";
import { formatDate, formatNumber, formatWon } from "../../lib/format";
import { RequireLogin } from "../auth";
import { MonthlySummaryToggle } from "../reports/monthly";
import { useOrders } from "./queries";
import { StatusBadge } from "./StatusBadge";
import "./orders.css";

const PAGE_SIZE = 20; // the API's page size (REST_FRAMEWORK PAGE_SIZE)

export function OrdersPage() {
  return (
    <RequireLogin>
      <OrderHistory />
    </RequireLogin>
  );
}

function OrderHistory() {
  const { t } = useTranslation("orders");
  const [params] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const orders = useOrders(page);

  if (orders.isPending) return <Loading />;
  if (orders.isError) return <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />;
  const { results, count } = orders.data;
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));

  return (
    <section className="page orders-page">
      <h1>{t("list.title")}</h1>
      {results.length === 0 ? (
        <div className="notice">
          <p>{t("list.empty")}</p>
          <Link to="/">{t("list.browse")}</Link>
        </div>
      ) : (
        <>
          <p className="field__hint">{t("list.count", { count, formatted: formatNumber(count) })}</p>
          <ul className="order-list">
            {results.map((order) => {
              const firms = order.fulfilments.map((part) => part.firm_name);
              return (
                <li key={order.id} className="order-card">
                  <div className="order-card__head">
                    <h2 className="order-card__title">
                      <Link to={`/orders/${order.id}`}>{t("list.order", { number: order.number })}</Link>
                    </h2>
                    <StatusBadge kind="order" status={order.status} />
                  </div>
                  <p className="order-card__meta">
                    {formatDate(order.placed_at)} · {formatWon(order.total)}
                  </p>
                  <p className="order-card__firms">
                    {firms.length > 1 ? t("list.firms", { first: firms[0], count: firms.length - 1 }) : firms[0]}
                  </p>
                </li>
              );
            })}
          </ul>
          {pages > 1 && (
            <nav className="pagination" aria-label={t("list.pages")}>
              {page > 1 ? (
                <Link to={`/orders?page=${page - 1}`} rel="prev">
                  {t("list.previous")}
                </Link>
              ) : (
                <span aria-hidden="true" />
              )}
              <span aria-current="page">{t("list.pageOf", { page, pages })}</span>
              {page < pages ? (
                <Link to={`/orders?page=${page + 1}`} rel="next">
                  {t("list.next")}
                </Link>
              ) : (
                <span aria-hidden="true" />
              )}
            </nav>
          )}
        </>
      )}
      <MonthlySummaryToggle />
    </section>
  );
}
