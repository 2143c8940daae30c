import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatWon } from "../../../lib/format";
import { INVOICE_STATUSES, useInvoices } from "../api";
import { Pager, StatusBadge, TableScroll, listParams, pageFrom, usePageTitle } from "../ui";

const PAGE_SIZE = 20;

/** /agency/invoices: invoices to the agency, newest first; open ones are to be paid by their due day. */
export function InvoicesPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("invoice.list.title"));
  const [params, setParams] = useSearchParams();
  const status = INVOICE_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const invoices = useInvoices({ page, status, pageSize: PAGE_SIZE });

  return (
    <section className="page">
      <h1>{t("invoice.list.title")}</h1>
      <div className="field agency-filter">
        <label htmlFor="invoice-status">{t("filter.status")}</label>
        <select
          id="invoice-status"
          value={status ?? ""}
          onChange={(event) => setParams(listParams(params, { status: event.target.value }))}
        >
          <option value="">{t("filter.all")}</option>
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
          <p className="notice">{status ? t("invoice.list.noneWithStatus") : t("invoice.list.none")}</p>
        ) : (
          <>
            <TableScroll label={t("invoice.list.title")}>
              <table className="agency-table">
                <caption className="visually-hidden">{t("invoice.list.caption", { count: invoices.data.count })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("invoice.list.invoice")}</th>
                    <th scope="col">{t("purchase.firm")}</th>
                    <th scope="col" className="agency-num">
                      {t("money.total")}
                    </th>
                    <th scope="col">{t("invoice.dueOn")}</th>
                    <th scope="col">{t("filter.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {invoices.data.results.map((invoice) => (
                    <tr key={invoice.id}>
                      <th scope="row">
                        <Link to={`/agency/invoices/${invoice.id}`}>{invoice.number}</Link>
                        <div className="agency-muted">{invoice.purchase_number}</div>
                      </th>
                      <td>{invoice.firm.name}</td>
                      <td className="agency-num">{formatWon(invoice.total)}</td>
                      <td>{formatDate(invoice.due_on)}</td>
                      <td>
                        <StatusBadge group="invoice" status={invoice.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pager
              page={page}
              count={invoices.data.count}
              pageSize={PAGE_SIZE}
              onPage={(next) => setParams(listParams(params, { page: next }))}
            />
          </>
        ))}
    </section>
  );
}
