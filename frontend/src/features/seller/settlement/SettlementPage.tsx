import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDateTime, formatWon } from "../../../lib/format";
import { sellerKeys } from "../api";
import { Pager, pageFrom, usePageTitle } from "../ui";

const PAGE_SIZE = 20;
const BALANCES = ["balance", "payable", "awaiting_confirmation", "sales", "fees", "refunds", "paid_out"] as const;

export function SettlementPage() {
  const { t } = useTranslation("seller");
  usePageTitle(t("settlement.title"));
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params.get("page"));
  const ledger = useQuery({
    queryKey: sellerKeys.settlement(page),
    queryFn: () =>
      unwrap(api.GET("/api/v1/seller/settlement/", { params: { query: { page, page_size: PAGE_SIZE } } })),
  });
  return (
    <section className="page">
      <h1>{t("settlement.title")}</h1>
      {ledger.isPending && <Loading />}
      {ledger.isError && <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />}
      {ledger.data && (
        <>
          <section aria-labelledby="balances-title">
            <h2 id="balances-title">{t("settlement.balances")}</h2>
            <dl className="seller-balances">
              {BALANCES.map((key) => (
                <div key={key} className={`seller-balance${key === "balance" ? " seller-balance--main" : ""}`}>
                  <dt>{t(`settlement.balance.${key}`)}</dt>
                  <dd>{formatWon(ledger.data.balances[key])}</dd>
                </div>
              ))}
            </dl>
            <p className="field__hint">{t("settlement.explain")}</p>
          </section>
          <section aria-labelledby="ledger-title">
            <h2 id="ledger-title">{t("settlement.ledger")}</h2>
            {ledger.data.results.length === 0 ? (
              <p className="notice">{t("settlement.empty")}</p>
            ) : (
              <>
                <div className="table-scroll">
                  <table className="seller-table">
                    <caption className="visually-hidden">{t("settlement.ledger")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("settlement.when")}</th>
                        <th scope="col">{t("settlement.kind")}</th>
                        <th scope="col" className="seller-num">
                          {t("settlement.amount")}
                        </th>
                        <th scope="col">{t("settlement.reference")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ledger.data.results.map((entry) => (
                        <tr key={entry.id}>
                          <td>{entry.created_at ? formatDateTime(entry.created_at) : ""}</td>
                          <td>{t(`settlement.entry.${entry.kind}`)}</td>
                          <td className={`seller-num${entry.amount < 0 ? " seller-negative" : ""}`}>
                            {formatWon(entry.amount)}
                          </td>
                          <td>
                            {entry.payout != null
                              ? t("settlement.payoutRef", { id: entry.payout })
                              : entry.order != null
                                ? t("settlement.orderRef", { id: entry.order })
                                : ""}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pager
                  page={page}
                  count={ledger.data.count}
                  pageSize={PAGE_SIZE}
                  onPage={(next) => setParams(next > 1 ? { page: String(next) } : {})}
                />
              </>
            )}
          </section>
        </>
      )}
    </section>
  );
}
