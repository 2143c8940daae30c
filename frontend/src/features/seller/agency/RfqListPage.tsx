import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatDateTime } from "../../../lib/format";
import { Pager, listParams, pageFrom, usePageTitle } from "../ui";
import { QUOTE_REQUEST_STATUSES, useQuoteRequests } from "./api";
import { ScrollBox, StatusBadge } from "./ui";
import "./agency.css";

const PAGE_SIZE = 20;

/** 견적 요청: agencies' requests for quotation sent to the firm, newest first, each with what the firm did. */
export function RfqListPage() {
  const { t } = useTranslation("sellerAgency");
  usePageTitle(t("rfqs.title"));
  const [params, setParams] = useSearchParams();
  const status = QUOTE_REQUEST_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const requests = useQuoteRequests({ page, status, pageSize: PAGE_SIZE });

  return (
    <section className="page">
      <h1>{t("rfqs.title")}</h1>
      <p className="seller-lead">{t("rfqs.lead")}</p>
      <div className="field seller-filter">
        <label htmlFor="rfq-status">{t("rfqs.filter")}</label>
        <select id="rfq-status" value={status ?? ""} onChange={(event) => setParams(listParams(params, { status: event.target.value }))}>
          <option value="">{t("all")}</option>
          {QUOTE_REQUEST_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`status.quoteRequest.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {requests.isPending && <Loading />}
      {requests.isError && <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />}
      {requests.data &&
        (requests.data.results.length === 0 ? (
          <p className="notice">{status ? t("rfqs.noneWithStatus") : t("rfqs.none")}</p>
        ) : (
          <>
            <ScrollBox label={t("rfqs.caption", { count: requests.data.count })}>
              <table className="seller-table">
                <caption className="visually-hidden">{t("rfqs.caption", { count: requests.data.count })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("rfqs.request")}</th>
                    <th scope="col">{t("rfqs.agency")}</th>
                    <th scope="col">{t("rfqs.deadline")}</th>
                    <th scope="col">{t("rfqs.delivery")}</th>
                    <th scope="col">{t("rfqs.state")}</th>
                    <th scope="col">{t("rfqs.myQuotation")}</th>
                  </tr>
                </thead>
                <tbody>
                  {requests.data.results.map((request) => (
                    <tr key={request.id}>
                      <th scope="row">
                        <Link to={`/seller/agency/rfqs/${request.id}`}>{request.title}</Link>
                        <div className="seller-muted">
                          {request.number} · {t("rfqs.itemCount", { count: request.items.length })}
                        </div>
                      </th>
                      <td>{request.agency.name}</td>
                      <td>
                        {formatDateTime(request.reply_deadline)}
                        {request.deadline_passed && <div className="seller-muted">{t("rfqs.deadlinePassed")}</div>}
                      </td>
                      <td>{formatDate(request.delivery_date)}</td>
                      <td>
                        <StatusBadge group="quoteRequest" status={request.status} />
                      </td>
                      <td>
                        {request.my_quotation ? (
                          <StatusBadge group="quotation" status={request.my_quotation.status} />
                        ) : request.can_quote ? (
                          <span className="badge seller-badge--warn">{t("rfqs.toAnswer")}</span>
                        ) : (
                          <span className="seller-muted">{t("rfqs.notAnswered")}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
            <Pager
              page={page}
              count={requests.data.count}
              pageSize={PAGE_SIZE}
              onPage={(next) => setParams(listParams(params, { page: next }))}
            />
          </>
        ))}
    </section>
  );
}
