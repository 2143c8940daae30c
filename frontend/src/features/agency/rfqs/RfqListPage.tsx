import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useMe } from "../../../app/session";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDateTime } from "../../../lib/format";
import { QUOTE_REQUEST_STATUSES, useQuoteRequests } from "../api";
import { Pager, StatusBadge, TableScroll, listParams, pageFrom, usePageTitle } from "../ui";

const PAGE_SIZE = 20;

/** /agency/rfqs: the agency's requests for quotation, newest first. */
export function RfqListPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("rfq.list.title"));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = QUOTE_REQUEST_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const requests = useQuoteRequests({ page, status, pageSize: PAGE_SIZE });
  const requester = me.data?.agency?.roles.includes("requester");

  return (
    <section className="page">
      <h1>{t("rfq.list.title")}</h1>
      {requester && (
        <p>
          <Link className="button" to="/agency/rfqs/new">
            {t("rfq.list.new")}
          </Link>
        </p>
      )}
      <div className="field agency-filter">
        <label htmlFor="rfq-status">{t("filter.status")}</label>
        <select id="rfq-status" value={status ?? ""} onChange={(event) => setParams(listParams(params, { status: event.target.value }))}>
          <option value="">{t("filter.all")}</option>
          {QUOTE_REQUEST_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`status.rfq.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {requests.isPending && <Loading />}
      {requests.isError && <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />}
      {requests.data &&
        (requests.data.results.length === 0 ? (
          <p className="notice">{status ? t("rfq.list.noneWithStatus") : t("rfq.list.none")}</p>
        ) : (
          <>
            <TableScroll label={t("rfq.list.title")}>
              <table className="agency-table">
                <caption className="visually-hidden">{t("rfq.list.caption", { count: requests.data.count })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("rfq.list.request")}</th>
                    <th scope="col">{t("filter.status")}</th>
                    <th scope="col">{t("rfq.compose.replyDeadline")}</th>
                    <th scope="col" className="agency-num">
                      {t("rfq.list.answers")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {requests.data.results.map((request) => {
                    const answers = request.quotations.filter((quotation) => quotation.status !== "withdrawn").length;
                    return (
                      <tr key={request.id}>
                        <th scope="row">
                          <Link to={`/agency/rfqs/${request.id}`}>{request.title}</Link>
                          <div className="agency-muted">{request.number}</div>
                        </th>
                        <td>
                          <StatusBadge group="rfq" status={request.status ?? "open"} />
                        </td>
                        <td>
                          {formatDateTime(request.reply_deadline)}
                          {request.deadline_passed && request.status === "open" && (
                            <div className="agency-muted">{t("rfq.deadlinePassed")}</div>
                          )}
                        </td>
                        <td className="agency-num">
                          {t("rfq.list.answersOf", { answers, firms: request.firms.length })}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
            <Pager page={page} count={requests.data.count} pageSize={PAGE_SIZE} onPage={(next) => setParams(listParams(params, { page: next }))} />
          </>
        ))}
    </section>
  );
}
