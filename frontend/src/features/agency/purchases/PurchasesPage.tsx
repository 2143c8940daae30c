import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatWon } from "../../../lib/format";
import { PURCHASE_STATUSES, usePurchases, type Purchase } from "../api";
import { Pager, StatusBadge, TableScroll, listParams, pageFrom, usePageTitle } from "../ui";

const PAGE_SIZE = 20;

/** /agency/purchases: the agency's purchases, newest first, filtered by status in the URL. */
export function PurchasesPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("purchase.list.title"));
  const [params, setParams] = useSearchParams();
  const status = PURCHASE_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const purchases = usePurchases({ page, status, pageSize: PAGE_SIZE });

  return (
    <section className="page">
      <h1>{t("purchase.list.title")}</h1>
      <div className="field agency-filter">
        <label htmlFor="purchase-status">{t("filter.status")}</label>
        <select
          id="purchase-status"
          value={status ?? ""}
          onChange={(event) => setParams(listParams(params, { status: event.target.value }))}
        >
          <option value="">{t("filter.all")}</option>
          {PURCHASE_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`status.purchase.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {purchases.isPending && <Loading />}
      {purchases.isError && <ErrorState error={purchases.error} onRetry={() => void purchases.refetch()} />}
      {purchases.data &&
        (purchases.data.results.length === 0 ? (
          <p className="notice">{status ? t("purchase.list.noneWithStatus") : t("purchase.list.none")}</p>
        ) : (
          <>
            <PurchaseTable purchases={purchases.data.results} caption={t("purchase.list.caption", { count: purchases.data.count })} />
            <Pager
              page={page}
              count={purchases.data.count}
              pageSize={PAGE_SIZE}
              onPage={(next) => setParams(listParams(params, { page: next }))}
            />
          </>
        ))}
    </section>
  );
}

export function PurchaseTable({ purchases, caption }: { purchases: Purchase[]; caption: string }) {
  const { t } = useTranslation("agency");
  return (
    <TableScroll label={caption}>
      <table className="agency-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("purchase.list.purchase")}</th>
            <th scope="col">{t("purchase.firm")}</th>
            <th scope="col">{t("filter.status")}</th>
            <th scope="col" className="agency-num">
              {t("money.total")}
            </th>
            <th scope="col">{t("purchase.list.date")}</th>
          </tr>
        </thead>
        <tbody>
          {purchases.map((purchase) => (
            <tr key={purchase.id}>
              <th scope="row">
                <Link to={`/agency/purchases/${purchase.id}`}>{purchase.title}</Link>
                <div className="agency-muted">
                  {purchase.number} · {t(`channel.${purchase.channel}`)}
                </div>
              </th>
              <td>{purchase.firm.name}</td>
              <td>
                <StatusBadge group="purchase" status={purchase.status ?? "submitted"} />
                {purchase.tender_required && <div className="agency-warn">{t("purchase.tender.short")}</div>}
              </td>
              <td className="agency-num">{formatWon(purchase.total ?? 0)}</td>
              <td>{formatDate(purchase.submitted_at ?? purchase.created_at ?? purchase.delivery_date)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
