import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatWon } from "../../../lib/format";
import { Pager, listParams, pageFrom, usePageTitle } from "../ui";
import { ORDER_STATUSES, useAgencyOrders } from "./api";
import { ScrollBox, StatusBadge } from "./ui";
import "./agency.css";

const PAGE_SIZE = 20;

/** 기관 주문: purchases agencies ordered from the firm (approved), newest first: what to deliver, where, by when. */
export function OrdersPage() {
  const { t } = useTranslation("sellerAgency");
  usePageTitle(t("orders.title"));
  const [params, setParams] = useSearchParams();
  const status = ORDER_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const orders = useAgencyOrders({ page, status, pageSize: PAGE_SIZE });

  return (
    <section className="page">
      <h1>{t("orders.title")}</h1>
      <p className="seller-lead">{t("orders.lead")}</p>
      <div className="field seller-filter">
        <label htmlFor="agency-order-status">{t("orders.filter")}</label>
        <select
          id="agency-order-status"
          value={status ?? ""}
          onChange={(event) => setParams(listParams(params, { status: event.target.value }))}
        >
          <option value="">{t("all")}</option>
          {ORDER_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`status.purchase.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {orders.isPending && <Loading />}
      {orders.isError && <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />}
      {orders.data &&
        (orders.data.results.length === 0 ? (
          <p className="notice">{status ? t("orders.noneWithStatus") : t("orders.none")}</p>
        ) : (
          <>
            <ScrollBox label={t("orders.caption", { count: orders.data.count })}>
              <table className="seller-table">
                <caption className="visually-hidden">{t("orders.caption", { count: orders.data.count })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("orders.order")}</th>
                    <th scope="col">{t("orders.agency")}</th>
                    <th scope="col">{t("orders.deliveryDate")}</th>
                    <th scope="col">{t("orders.state")}</th>
                    <th scope="col">{t("orders.progress")}</th>
                    <th scope="col" className="seller-num">
                      {t("money.total")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {orders.data.results.map((order) => {
                    const ordered = order.lines.reduce((sum, line) => sum + line.quantity, 0);
                    const accepted = order.lines.reduce((sum, line) => sum + line.accepted_quantity, 0);
                    const delivered = order.lines.reduce((sum, line) => sum + line.delivered_quantity, 0);
                    return (
                      <tr key={order.id}>
                        <th scope="row">
                          <Link to={`/seller/agency/orders/${order.id}`}>{order.title}</Link>
                          <div className="seller-muted">{order.number}</div>
                        </th>
                        <td>{order.agency.name}</td>
                        <td>{formatDate(order.delivery_date)}</td>
                        <td>
                          <StatusBadge group="purchase" status={order.status} />
                        </td>
                        <td>{t("orders.progressValue", { delivered, accepted, ordered })}</td>
                        <td className="seller-num">{formatWon(order.total)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollBox>
            <Pager
              page={page}
              count={orders.data.count}
              pageSize={PAGE_SIZE}
              onPage={(next) => setParams(listParams(params, { page: next }))}
            />
          </>
        ))}
    </section>
  );
}
