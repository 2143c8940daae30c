import { useTranslation } from "react-i18next";
import { BarChart } from "../../../components/charts/BarChart";
import { formatNumber, formatWon } from "../../../lib/format";
import { circulationBars, districtBars, kindBars, percentOf, seriesBars, tagBars, type Impact } from "./figures";

const compactFormat = new Intl.NumberFormat("ko-KR", { notation: "compact", maximumSignificantDigits: 3 });
const compactWon = (value: number) => `${compactFormat.format(value)}원`;

/** The figures of a period or an order: summary, charts (each with its table), and the declared-values figure. */
interface Props {
  impact: Impact;
  year: number | null;
  headingLevel?: 2 | 3;
  /** The month-by-month (or year-by-year) chart: the page's, not a receipt's. */
  series?: boolean;
}

export function ImpactFigures({ impact, year, headingLevel = 2, series = true }: Props) {
  const { t, i18n } = useTranslation("reportsImpact");
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const local = percentOf(impact.circulation.local, impact.total);
  const chart = { format: formatWon, compact: compactWon, valueHeader: t("amount") };
  const kinds = kindBars(impact, t);
  const districts = districtBars(impact, i18n.language);
  const tags = tagBars(impact, i18n.language);
  return (
    <div className="impact-figures">
      <dl className="impact-summary">
        <div>
          <dt>{t("summary.total")}</dt>
          <dd className="impact-summary__total">{formatWon(impact.total)}</dd>
        </div>
        <div>
          <dt>{t("summary.gross")}</dt>
          <dd>{formatWon(impact.gross)}</dd>
        </div>
        <div>
          <dt>{t("summary.refunds")}</dt>
          <dd>{formatWon(impact.refunds)}</dd>
        </div>
        <div>
          <dt>{t("summary.orders")}</dt>
          <dd>{t("summary.ordersValue", { count: impact.orders, formatted: formatNumber(impact.orders) })}</dd>
        </div>
        <div>
          <dt>{t("summary.firms")}</dt>
          <dd>{t("summary.firmsValue", { count: impact.firms, formatted: formatNumber(impact.firms) })}</dd>
        </div>
      </dl>

      <Heading>{t("circulation.title")}</Heading>
      <p>{local === null ? t("circulation.none") : t("circulation.share", { percent: local })}</p>
      <BarChart title={t("circulation.chart")} bars={circulationBars(impact, t)} {...chart} />
      {districts.length > 0 && <BarChart title={t("districts.chart")} bars={districts} {...chart} />}

      <Heading>{t("kinds.title")}</Heading>
      {kinds.length ? <BarChart title={t("kinds.chart")} bars={kinds} {...chart} /> : <p>{t("empty")}</p>}

      <Heading>{t("vulnerable.title")}</Heading>
      <p className="impact-declared">
        <strong>{formatWon(impact.vulnerable.weighted)}</strong> — {t("vulnerable.explain")}
      </p>
      <p className="impact-note">
        {t("vulnerable.base", { declared: formatWon(impact.vulnerable.declared), undeclared: formatWon(impact.vulnerable.undeclared) })}
      </p>

      <Heading>{t("tags.title")}</Heading>
      {tags.length ? <BarChart title={t("tags.chart")} bars={tags} {...chart} /> : <p>{t("tags.none")}</p>}
      <p className="impact-note">{t("tags.note")}</p>

      {series && impact.series.length > 0 && (
        <>
          <Heading>{year === null ? t("series.byYear") : t("series.byMonth", { year })}</Heading>
          <BarChart title={year === null ? t("series.byYear") : t("series.byMonth", { year })} bars={seriesBars(impact, year, t)} {...chart} />
        </>
      )}
    </div>
  );
}
