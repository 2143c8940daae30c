import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { useApprovals, type Purchase } from "../api";
import { PurchaseActions } from "../purchases/PurchaseActions";
import { Amounts, Pager, StatusLine, listParams, pageFrom, usePageTitle } from "../ui";

const PAGE_SIZE = 10;

/** /agency/approvals: purchases waiting for the caller's decision, oldest first, each with its moves. */
export function ApprovalsPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("approvals.title"));
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params.get("page"));
  const approvals = useApprovals({ page, pageSize: PAGE_SIZE });
  const [message, setMessage] = useState("");

  return (
    <section className="page">
      <h1>{t("approvals.title")}</h1>
      <p className="agency-lead">{t("approvals.lead")}</p>
      <StatusLine>{message}</StatusLine>
      {approvals.isPending && <Loading />}
      {approvals.isError && <ErrorState error={approvals.error} onRetry={() => void approvals.refetch()} />}
      {approvals.data &&
        (approvals.data.results.length === 0 ? (
          <p className="notice">{t("approvals.none")}</p>
        ) : (
          <>
            <ul className="agency-cards-list">
              {approvals.data.results.map((purchase) => (
                <li key={purchase.id}>
                  <ApprovalCard purchase={purchase} onDone={setMessage} />
                </li>
              ))}
            </ul>
            <Pager
              page={page}
              count={approvals.data.count}
              pageSize={PAGE_SIZE}
              onPage={(next) => setParams(listParams(params, { page: next }))}
            />
          </>
        ))}
    </section>
  );
}

function ApprovalCard({ purchase, onDone }: { purchase: Purchase; onDone: (message: string) => void }) {
  const { t } = useTranslation("agency");
  const headingId = `approval-${purchase.id}`;
  return (
    <article className="agency-card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Link to={`/agency/purchases/${purchase.id}`}>{purchase.title}</Link>
      </h2>
      <p className="agency-muted">
        {t("approvals.meta", {
          number: purchase.number,
          requester: purchase.requester.name,
          firm: purchase.firm.name,
          date: purchase.submitted_at ? formatDateTime(purchase.submitted_at) : "",
        })}
      </p>
      <ul className="agency-lines">
        {purchase.lines.map((line) => (
          <li key={line.id}>
            {t("approvals.line", {
              title: line.title,
              quantity: formatNumber(line.quantity),
              unit: line.unit,
              total: formatWon(line.line_total),
            })}
          </li>
        ))}
      </ul>
      <Amounts supply={purchase.supply_total ?? 0} vat={purchase.vat_total ?? 0} total={purchase.total ?? 0} />
      {purchase.tender_required && (
        <div className="notice notice--warning">
          <p className="notice__title">{t("purchase.tender.title")}</p>
          <ul>
            {purchase.tender_reasons.map((reason) => (
              <li key={reason.code}>{reason.message}</li>
            ))}
          </ul>
        </div>
      )}
      {!purchase.can_approve && purchase.approval_refusal && !purchase.tender_required && (
        <p className="notice">{purchase.approval_refusal.message}</p>
      )}
      <PurchaseActions purchase={purchase} onDone={onDone} />
    </article>
  );
}
