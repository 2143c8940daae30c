import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatDate, formatNumber, formatWon } from "../../../lib/format";
import { useFulfilments, useMyFirm, useMyProducts, type FirmPrivate, type SellerProduct } from "../api";
import { MonthlySummaryToggle } from "../../reports/monthly";
import { FirmStatusNotice } from "../firm/FirmStatusNotice";
import { usePageTitle } from "../ui";
import { designationAttention, EXPIRY_WINDOW_DAYS, listingProblem, type ListingProblem } from "./attention";
import { problemText } from "./problemText";

// The dashboard reads the newest listings and parts in one page each: enough to point at what needs doing.
const SAMPLE = 100;

export function DashboardPage() {
  const { t } = useTranslation("seller");
  usePageTitle(t("dashboard.title"));
  const firm = useMyFirm();
  return (
    <section className="page">
      <h1>{t("dashboard.title")}</h1>
      {firm.isPending && <Loading />}
      {firm.isError && <ErrorState error={firm.error} onRetry={() => void firm.refetch()} />}
      {firm.data && (
        <>
          <p className="seller-lead">{t("dashboard.welcome", { name: firm.data.name })}</p>
          <FirmStatusNotice firm={firm.data} />
          <div className="seller-cards">
            <OrdersToHandle />
            <HiddenListings firm={firm.data} />
            <Designations firm={firm.data} />
          </div>
          <MonthlySummaryToggle />
        </>
      )}
    </section>
  );
}

function OrdersToHandle() {
  const { t } = useTranslation("seller");
  const pending = useFulfilments({ status: "pending", pageSize: 5 });
  const confirmed = useFulfilments({ status: "confirmed", pageSize: 5 });
  const claimed = useFulfilments({ status: "claimed", pageSize: 5 });
  const groups = [
    { key: "pending", query: pending },
    { key: "confirmed", query: confirmed },
    { key: "claimed", query: claimed },
  ] as const;
  const failed = groups.find((group) => group.query.isError);
  const total = groups.reduce((sum, group) => sum + (group.query.data?.count ?? 0), 0);
  return (
    <section className="seller-card" aria-labelledby="dash-orders">
      <h2 id="dash-orders">{t("dashboard.orders.title")}</h2>
      {failed ? (
        <ErrorState error={failed.query.error} onRetry={() => groups.forEach((group) => void group.query.refetch())} />
      ) : groups.some((group) => group.query.isPending) ? (
        <Loading />
      ) : total === 0 ? (
        <p>{t("dashboard.orders.none")}</p>
      ) : (
        <ul className="seller-list">
          {groups.map(({ key, query }) =>
            query.data?.count ? (
              <li key={key}>
                <Link to={`/seller/orders?status=${key}`}>
                  {t(`dashboard.orders.${key}`, { count: query.data.count })}
                </Link>
                <ul className="seller-list seller-list--nested">
                  {query.data.results.map((part) => (
                    <li key={part.id}>
                      {t("dashboard.orders.part", {
                        number: part.order_number,
                        date: formatDate(part.placed_at),
                        total: formatWon(part.items_total),
                      })}
                    </li>
                  ))}
                </ul>
              </li>
            ) : null,
          )}
        </ul>
      )}
    </section>
  );
}

function HiddenListings({ firm }: { firm: FirmPrivate }) {
  const { t } = useTranslation("seller");
  const products = useMyProducts({ page: 1, pageSize: SAMPLE });
  const problems = (products.data?.results ?? [])
    .map((product) => ({ product, problem: listingProblem(product, firm) }))
    .filter((item): item is { product: SellerProduct; problem: ListingProblem } => item.problem !== null);
  return (
    <section className="seller-card" aria-labelledby="dash-listings">
      <h2 id="dash-listings">{t("dashboard.listings.title")}</h2>
      {products.isPending && <Loading />}
      {products.isError && <ErrorState error={products.error} onRetry={() => void products.refetch()} />}
      {products.data &&
        (products.data.count === 0 ? (
          <p>
            {t("dashboard.listings.empty")} <Link to="/seller/listings/new">{t("listings.new")}</Link>
          </p>
        ) : problems.length === 0 ? (
          <p>{t("dashboard.listings.allPublic", { count: products.data.count })}</p>
        ) : (
          <>
            <p>{t("dashboard.listings.summary", { count: problems.length })}</p>
            <ul className="seller-list">
              {problems.map(({ product, problem }) => (
                <li key={product.id}>
                  <Link to={`/seller/listings/${product.id}`}>{product.title}</Link>
                  <span className="seller-muted"> — {problemText(t, problem)}</span>
                </li>
              ))}
            </ul>
            {products.data.count > SAMPLE && (
              <p className="seller-muted">{t("dashboard.listings.sample", { count: SAMPLE })}</p>
            )}
          </>
        ))}
    </section>
  );
}

function Designations({ firm }: { firm: FirmPrivate }) {
  const { t } = useTranslation("seller");
  const attention = designationAttention(firm.designations);
  const fine = !attention.missing && attention.expiring.length === 0 && attention.pending.length === 0;
  return (
    <section className="seller-card" aria-labelledby="dash-designations">
      <h2 id="dash-designations">{t("dashboard.designations.title")}</h2>
      {attention.missing && (
        <p className="notice notice--warning">
          {t("dashboard.designations.missing")}{" "}
          <Link to="/seller/firm#designations">{t("dashboard.designations.add")}</Link>
        </p>
      )}
      {attention.expiring.length > 0 && (
        <>
          <p>{t("dashboard.designations.expiring", { days: EXPIRY_WINDOW_DAYS })}</p>
          <ul className="seller-list">
            {attention.expiring.map(({ designation, daysLeft }) => (
              <li key={designation.id}>
                {t("dashboard.designations.expiringItem", {
                  kind: t(`kind.${designation.kind}`),
                  number: designation.number || t("firm.designations.noNumber"),
                  date: formatDate(designation.end_date as string),
                  days: formatNumber(daysLeft),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {attention.pending.length > 0 && (
        <p>{t("dashboard.designations.pending", { count: attention.pending.length })}</p>
      )}
      {fine && <p>{t("dashboard.designations.fine")}</p>}
      <p>
        <Link to="/seller/firm#designations">{t("dashboard.designations.manage")}</Link>
      </p>
    </section>
  );
}
