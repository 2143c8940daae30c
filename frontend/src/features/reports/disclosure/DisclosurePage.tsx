import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { BarChart, type Bar } from "../../../components/charts/BarChart";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { usePageTitle } from "../../../components/usePageTitle";
import { formatDate, formatWon } from "../../../lib/format";
import { usePublicDisclosures } from "./api";
import { cityBars, percent, yearChoices, yearParam, type CityProgress, type PublicDisclosure } from "./figures";
import "./disclosure.css";

const compactFormat = new Intl.NumberFormat("ko-KR", { notation: "compact", maximumSignificantDigits: 3 });
const compactWon = (value: number) => `${compactFormat.format(value)}원`;

/** /disclosure: published agencies' plans and results of a year, and every agency's total against the city's goal. */
export function DisclosurePage() {
  const { t } = useTranslation("reportsDisclosure");
  usePageTitle("reportsDisclosure", t("title"));
  const [params, setParams] = useSearchParams();
  const asked = yearParam(params.get("year"));
  const query = usePublicDisclosures(asked);
  const data = query.data;
  const year = data?.year ?? asked;
  const current = new Date().getFullYear();
  const suffix = year === null ? "" : `?year=${year}`;

  return (
    <section className="page disclosure-page">
      <h1>{t("title")}</h1>
      <p className="disclosure-lead">{t("lead")}</p>
      <div className="disclosure-bar">
        <div className="field">
          <label htmlFor="disclosure-year">{t("year")}</label>
          <select
            id="disclosure-year"
            value={year ?? current}
            onChange={(event) => {
              const next = new URLSearchParams(params);
              next.set("year", event.target.value);
              setParams(next);
            }}
          >
            {yearChoices(data?.years ?? [], year ?? current, current).map((choice) => (
              <option key={choice} value={choice}>
                {t("yearOption", { year: choice })}
              </option>
            ))}
          </select>
        </div>
        <a className="button button--secondary" href={`/api/v1/public/disclosures.csv${suffix}`} download>
          {t("openData.csv")}
        </a>
        <a className="button button--secondary" href={`/api/v1/public/disclosures/${suffix}`}>
          {t("openData.json")}
        </a>
      </div>
      {query.isPending && <Loading />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {data && (
        <>
          <CitySection city={data.city} />
          <section className="disclosure-section" aria-labelledby="disclosure-agencies">
            <h2 id="disclosure-agencies">{t("agencies.title", { year: data.year })}</h2>
            {data.agencies.length === 0 ? (
              <p className="notice">{t("agencies.none", { year: data.year })}</p>
            ) : (
              data.agencies.map((entry) => <AgencySection key={entry.agency.id} entry={entry} />)
            )}
          </section>
        </>
      )}
    </section>
  );
}

function CitySection({ city }: { city: CityProgress }) {
  const { t } = useTranslation("reportsDisclosure");
  const bars: Bar[] = cityBars(city).map((bar) => ({
    key: bar.key,
    label: t(bar.computed ? "city.barComputed" : "city.barPublished", { year: bar.year }),
    value: bar.value,
  }));
  const goalRate = city.goal_share ? percent(city.goal_share, { trim: true }) : null;
  return (
    <section className="disclosure-section" aria-labelledby="disclosure-city">
      <h2 id="disclosure-city">{t("city.title", { year: city.year })}</h2>
      <dl className="disclosure-facts">
        <dt>{t(city.counted_as === "social_economy" ? "city.counted" : "city.countedAll")}</dt>
        <dd>{formatWon(city.counted)}</dd>
        <dt>{t("city.totalPurchasing")}</dt>
        <dd>{city.total_purchasing > 0 ? formatWon(city.total_purchasing) : t("city.noTotals")}</dd>
        <dt>{t("city.share")}</dt>
        <dd>
          {city.share != null ? `${percent(city.share)}%` : "—"}
          {goalRate && ` ${t("city.ofGoalShare", { rate: goalRate })}`}
        </dd>
        {city.goal_amount != null && (
          <>
            <dt>{t("city.goal")}</dt>
            <dd>{formatWon(city.goal_amount)}</dd>
            <dt>{t("city.progress")}</dt>
            <dd>{city.goal_progress != null ? `${percent(city.goal_progress)}%` : "—"}</dd>
          </>
        )}
      </dl>
      <BarChart
        title={t("city.chart", { year: city.year })}
        bars={bars}
        format={formatWon}
        compact={compactWon}
        target={city.goal_amount != null ? { value: city.goal_amount, label: t("city.goal") } : null}
        valueHeader={t("city.amount")}
      />
      <p className="disclosure-note">{t("city.note")}</p>
    </section>
  );
}

function AgencySection({ entry }: { entry: PublicDisclosure }) {
  const { t } = useTranslation("reportsDisclosure");
  const id = `disclosure-agency-${entry.agency.id}`;
  return (
    <section className="disclosure-agency" aria-labelledby={id}>
      <h3 id={id}>{entry.agency.name}</h3>
      <dl className="disclosure-facts">
        <dt>{t("agency.kind")}</dt>
        <dd>
          {t(`agencyKind.${entry.agency.kind}`)} · {entry.agency.district_name}
        </dd>
        <dt>{t("agency.totalPurchasing")}</dt>
        <dd>{formatWon(entry.total_purchasing)}</dd>
        <dt>{t("agency.marketplace")}</dt>
        <dd>{formatWon(entry.marketplace_total)}</dd>
        <dt>{t("agency.publishedAt")}</dt>
        <dd>{formatDate(entry.published_at)}</dd>
      </dl>
      {/* A wide table scrolls at 360 px: the region takes focus so a keyboard can scroll it (axe). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className="disclosure-table">
          <caption id={`${id}-caption`}>{t("agency.caption", { name: entry.agency.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("table.regime")}</th>
              <th scope="col" className="disclosure-num">{t("table.planned")}</th>
              <th scope="col" className="disclosure-num">{t("table.counted")}</th>
              <th scope="col" className="disclosure-num">{t("table.share")}</th>
              <th scope="col" className="disclosure-num">{t("table.targetRate")}</th>
              <th scope="col" className="disclosure-num">{t("table.targetAmount")}</th>
              <th scope="col" className="disclosure-num">{t("table.gap")}</th>
            </tr>
          </thead>
          <tbody>
            {entry.regimes.map((regime) => (
              <tr key={regime.code}>
                <th scope="row">{t(`regime.${regime.code}`, { defaultValue: regime.name })}</th>
                <td className="disclosure-num">{regime.planned != null ? formatWon(regime.planned) : "—"}</td>
                <td className="disclosure-num">{formatWon(regime.counted)}</td>
                <td className="disclosure-num">{regime.share != null ? `${percent(regime.share)}%` : "—"}</td>
                <td className="disclosure-num">{percent(regime.target_rate, { trim: true })}%</td>
                <td className="disclosure-num">{formatWon(regime.target_amount)}</td>
                <td className="disclosure-num">{regime.gap > 0 ? formatWon(regime.gap) : t("table.reached")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
