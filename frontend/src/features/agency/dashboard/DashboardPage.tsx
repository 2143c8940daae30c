import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMe } from "../../../app/session";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatDateTime, formatWon } from "../../../lib/format";
import { useApprovals, useDeliveries, useInvoices, usePerformance, usePurchases, useQuoteRequests } from "../api";
import { percent } from "../performance/figures";
import { usePageTitle } from "../ui";

const SAMPLE = 5;

/** /agency: what waits for the member now, by their roles. */
export function DashboardPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("dashboard.title"));
  const me = useMe();
  const roles = me.data?.agency?.roles ?? [];
  return (
    <section className="page">
      <h1>{t("dashboard.title")}</h1>
      <p className="agency-lead">{t("dashboard.welcome", { name: me.data?.agency?.name ?? "" })}</p>
      <div className="agency-cards">
        {roles.includes("approver") && <ApprovalsCard />}
        {roles.includes("requester") && <ReturnedCard />}
        <OpenRequestsCard />
        <DeliveriesCard />
        <InvoicesCard />
        <ShareCard />
      </div>
    </section>
  );
}

/** A card's frame: its heading, then loading, a failure with a retry, or what it found. */
function Card<T>({ id, title, query, children }: { id: string; title: string; query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  return (
    <section className="agency-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {query.isPending && <Loading />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.data !== undefined && children(query.data)}
    </section>
  );
}

function ApprovalsCard() {
  const { t } = useTranslation("agency");
  const approvals = useApprovals({ pageSize: SAMPLE });
  return (
    <Card id="dash-approvals" title={t("dashboard.approvals.title")} query={approvals}>
      {(data) =>
        data.count === 0 ? (
          <p>{t("dashboard.approvals.none")}</p>
        ) : (
          <>
            <p>
              <Link to="/agency/approvals">{t("dashboard.approvals.count", { count: data.count })}</Link>
            </p>
            <ul className="agency-list">
              {data.results.map((purchase) => (
                <li key={purchase.id}>
                  <Link to={`/agency/purchases/${purchase.id}`}>{purchase.title}</Link>
                  <span className="agency-muted">
                    {" "}
                    · {purchase.requester.name} · {formatWon(purchase.total ?? 0)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )
      }
    </Card>
  );
}

function ReturnedCard() {
  const { t } = useTranslation("agency");
  const returned = usePurchases({ status: "returned", pageSize: SAMPLE });
  return (
    <Card id="dash-returned" title={t("dashboard.returned.title")} query={returned}>
      {(data) =>
        data.count === 0 ? (
          <p>{t("dashboard.returned.none")}</p>
        ) : (
          <ul className="agency-list">
            {data.results.map((purchase) => (
              <li key={purchase.id}>
                <Link to={`/agency/purchases/${purchase.id}`}>{purchase.title}</Link>
                <span className="agency-muted"> · {purchase.number}</span>
              </li>
            ))}
          </ul>
        )
      }
    </Card>
  );
}

function OpenRequestsCard() {
  const { t } = useTranslation("agency");
  const open = useQuoteRequests({ status: "open", pageSize: SAMPLE });
  return (
    <Card id="dash-rfqs" title={t("dashboard.rfqs.title")} query={open}>
      {(data) =>
        data.count === 0 ? (
          <p>
            {t("dashboard.rfqs.none")} <Link to="/agency/rfqs/new">{t("rfq.list.new")}</Link>
          </p>
        ) : (
          <>
            <p>
              <Link to="/agency/rfqs?status=open">{t("dashboard.rfqs.count", { count: data.count })}</Link>
            </p>
            <ul className="agency-list">
              {data.results.map((request) => {
                const answers = request.quotations.filter((quotation) => quotation.status !== "withdrawn").length;
                return (
                  <li key={request.id}>
                    <Link to={`/agency/rfqs/${request.id}`}>{request.title}</Link>
                    <span className="agency-muted">
                      {" "}
                      ·{" "}
                      {request.deadline_passed
                        ? t("dashboard.rfqs.closedAt", { date: formatDate(request.reply_deadline), answers })
                        : t("dashboard.rfqs.deadline", { date: formatDateTime(request.reply_deadline), answers })}
                    </span>
                  </li>
                );
              })}
            </ul>
          </>
        )
      }
    </Card>
  );
}

function DeliveriesCard() {
  const { t } = useTranslation("agency");
  const waiting = useDeliveries({ status: "awaiting_inspection", pageSize: SAMPLE });
  return (
    <Card id="dash-deliveries" title={t("dashboard.deliveries.title")} query={waiting}>
      {(data) =>
        data.count === 0 ? (
          <p>{t("dashboard.deliveries.none")}</p>
        ) : (
          <>
            <p>
              <Link to="/agency/deliveries?status=awaiting_inspection">
                {t("dashboard.deliveries.count", { count: data.count })}
              </Link>
            </p>
            <ul className="agency-list">
              {data.results.map((delivery) => (
                <li key={delivery.id}>
                  <Link to={`/agency/deliveries/${delivery.id}`}>{t("delivery.list.name", { number: delivery.number })}</Link>
                  <span className="agency-muted">
                    {" "}
                    · {delivery.firm.name} · {formatDate(delivery.delivered_on)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )
      }
    </Card>
  );
}

function InvoicesCard() {
  const { t } = useTranslation("agency");
  const open = useInvoices({ status: "open", pageSize: SAMPLE });
  return (
    <Card id="dash-invoices" title={t("dashboard.invoices.title")} query={open}>
      {(data) =>
        data.count === 0 ? (
          <p>{t("dashboard.invoices.none")}</p>
        ) : (
          <>
            <p>
              <Link to="/agency/invoices?status=open">{t("dashboard.invoices.count", { count: data.count })}</Link>
            </p>
            <ul className="agency-list">
              {data.results.map((invoice) => (
                <li key={invoice.id}>
                  <Link to={`/agency/invoices/${invoice.id}`}>{invoice.number}</Link>
                  <span className="agency-muted">
                    {" "}
                    ·{" "}
                    {t("dashboard.invoices.item", {
                      firm: invoice.firm.name,
                      total: formatWon(invoice.total),
                      date: formatDate(invoice.due_on),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )
      }
    </Card>
  );
}

/** This year's social economy purchases against the target (the regime Seoul asks 5% of). */
function ShareCard() {
  const { t } = useTranslation("agency");
  const year = new Date().getFullYear();
  const report = usePerformance(year);
  return (
    <Card id="dash-share" title={t("dashboard.share.title")} query={report}>
      {(data) => {
        const regime = data.regimes.find((item) => item.code === "social_economy") ?? data.regimes[0];
        if (!regime) return null;
        return (
          <>
            <p>
              {t("dashboard.share.counted", {
                amount: formatWon(regime.counted),
                target: `${percent(regime.target_rate, { trim: true })}%`,
              })}
            </p>
            {data.total_recorded && regime.share != null ? (
              <p className="agency-share">{t("dashboard.share.share", { share: `${percent(regime.share)}%` })}</p>
            ) : (
              <p className="agency-muted">{t("dashboard.share.noTotal")}</p>
            )}
            <p>
              <Link to="/agency/performance">{t("dashboard.share.more")}</Link>
            </p>
          </>
        );
      }}
    </Card>
  );
}
