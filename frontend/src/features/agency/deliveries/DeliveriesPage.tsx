import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatWon } from "../../../lib/format";
import { DELIVERY_STATUSES, useDeliveries } from "../api";
import { Pager, StatusBadge, TableScroll, listParams, pageFrom, usePageTitle } from "../ui";

const PAGE_SIZE = 20;

/** /agency/deliveries: what firms delivered, newest first; those awaiting inspection lead to the inspection form. */
export function DeliveriesPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("delivery.list.title"));
  const [params, setParams] = useSearchParams();
  const status = DELIVERY_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const deliveries = useDeliveries({ page, status, pageSize: PAGE_SIZE });

  return (
    <section className="page">
      <h1>{t("delivery.list.title")}</h1>
      <div className="field agency-filter">
        <label htmlFor="delivery-status">{t("filter.status")}</label>
        <select
          id="delivery-status"
          value={status ?? ""}
          onChange={(event) => setParams(listParams(params, { status: event.target.value }))}
        >
          <option value="">{t("filter.all")}</option>
          {DELIVERY_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`status.delivery.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {deliveries.isPending && <Loading />}
      {deliveries.isError && <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
      {deliveries.data &&
        (deliveries.data.results.length === 0 ? (
          <p className="notice">{status ? t("delivery.list.noneWithStatus") : t("delivery.list.none")}</p>
        ) : (
          <>
            <TableScroll label={t("delivery.list.title")}>
              <table className="agency-table">
                <caption className="visually-hidden">{t("delivery.list.caption", { count: deliveries.data.count })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("delivery.list.delivery")}</th>
                    <th scope="col">{t("purchase.firm")}</th>
                    <th scope="col">{t("delivery.deliveredOn")}</th>
                    <th scope="col">{t("filter.status")}</th>
                    <th scope="col" className="agency-num">
                      {t("delivery.acceptedTotal")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.data.results.map((delivery) => (
                    <tr key={delivery.id}>
                      <th scope="row">
                        <Link to={`/agency/deliveries/${delivery.id}`}>
                          {t("delivery.list.name", { number: delivery.number })}
                        </Link>
                        <div className="agency-muted">{delivery.purchase_title}</div>
                      </th>
                      <td>{delivery.firm.name}</td>
                      <td>{formatDate(delivery.delivered_on)}</td>
                      <td>
                        <StatusBadge group="delivery" status={delivery.status} />
                      </td>
                      <td className="agency-num">
                        {delivery.status === "inspected" ? formatWon(delivery.accepted_total) : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pager
              page={page}
              count={deliveries.data.count}
              pageSize={PAGE_SIZE}
              onPage={(next) => setParams(listParams(params, { page: next }))}
            />
          </>
        ))}
    </section>
  );
}
