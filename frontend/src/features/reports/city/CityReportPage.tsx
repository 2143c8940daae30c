import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ApiError } from "../../../api/client";
import { BarChart, type Bar } from "../../../components/charts/BarChart";
import { ColumnChart, type Column } from "../../../components/charts/ColumnChart";
import { periodNames } from "../../../components/charts/periods";
import { Choropleth } from "../../../components/charts/Choropleth";
import { projectFeatures, type GeoCollection } from "../../../components/charts/geo";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { usePageTitle } from "../../../components/usePageTitle";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { useCityReport, useReportAccess, type CityReport } from "./api";
import { FIRM_KINDS, TABLES, exportHref, monthDate, percent, queryFrom, searchOf, type CityQuery } from "./figures";
import districts from "./seoul-districts.json";
import "./reportsCity.css";

// Projected once: the boundaries do not change while the page is open.
const PROJECTION = projectFeatures(districts as unknown as GeoCollection, 360);
const compactFormat = new Intl.NumberFormat("ko-KR", { notation: "compact", maximumSignificantDigits: 3 });
const compactWon = (value: number) => `${compactFormat.format(value)}원`;
type FilterField = "from" | "to" | "district" | "firm_kind";
const MAP_MEASURES = ["seller", "buyer", "local"] as const;
type MapMeasure = (typeof MAP_MEASURES)[number];

/** /reports/city: the city's (operators) or the officer's district's marketplace figures. */
export function CityReportPage() {
  const { t } = useTranslation("reportsCity");
  usePageTitle("reportsCity", t("title"));
  const access = useReportAccess();
  const districtName = useDistrictName();
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const officerDistrict = access.data && !access.data.operator ? (access.data.district?.code ?? null) : null;
  const report = useCityReport(query, officerDistrict, Boolean(access.data));
  const filterError =
    report.error instanceof ApiError && report.error.status === 400 && report.error.field ? report.error : null;

  if (access.isPending) return <Loading />;
  if (access.isError) {
    const status = access.error instanceof ApiError ? access.error.status : 0;
    return (
      <section className="page">
        <h1>{t("title")}</h1>
        {status === 401 ? (
          <p className="notice">
            {t("signIn")} <Link to={`/login?next=${encodeURIComponent("/reports/city")}`}>{t("signInLink")}</Link>
          </p>
        ) : (
          <ErrorState error={access.error} onRetry={() => void access.refetch()} />
        )}
      </section>
    );
  }
  if (access.data === null) {
    return (
      <section className="page">
        <h1>{t("title")}</h1>
        <p className="notice notice--warning">{t("forbidden")}</p>
      </section>
    );
  }
  const scopeName = access.data?.district ? districtName(access.data.district) : null;
  return (
    <section className="page reports-city">
      <h1>{scopeName ? t("titleDistrict", { district: scopeName }) : t("title")}</h1>
      <p className="field__hint">{scopeName ? t("introDistrict") : t("intro")}</p>
      <Filters
        key={searchOf(query)}
        query={query}
        shown={report.data}
        operator={Boolean(access.data?.operator)}
        error={filterError}
        onApply={(next) => setParams(new URLSearchParams(searchOf(next)))}
      />
      {report.isPending && <Loading />}
      {report.isError && !filterError && <ErrorState error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && <Report report={report.data} query={query} officerDistrict={officerDistrict} />}
    </section>
  );
}

function useDistrictName() {
  const { i18n } = useTranslation();
  return (district: { name_ko: string; name_en: string }) => (i18n.language === "en" ? district.name_en : district.name_ko);
}

// Every district for the filter, in code order, named from the boundaries file.
const DISTRICT_CHOICES = [...PROJECTION.areas]
  .sort((a, b) => a.code.localeCompare(b.code))
  .map((area) => ({ code: area.code, name_ko: area.name, name_en: area.nameEn }));

interface FiltersProps {
  query: CityQuery;
  shown?: CityReport;
  operator: boolean;
  error: ApiError | null;
  onApply: (query: CityQuery) => void;
}

function Filters({ query, shown, operator, error, onApply }: FiltersProps) {
  const { t } = useTranslation("reportsCity");
  const [editedFrom, setFrom] = useState<string | null>(null);
  const [editedTo, setTo] = useState<string | null>(null);
  const from = editedFrom ?? query.from ?? shown?.filters.date_from ?? "";
  const to = editedTo ?? query.to ?? shown?.filters.date_to ?? "";
  const [district, setDistrict] = useState(query.district ?? "");
  const [kind, setKind] = useState(query.firm_kind ?? "");
  const form = useRef<HTMLFormElement>(null);
  const districtName = useDistrictName();

  useEffect(() => {
    if (error?.field) form.current?.querySelector<HTMLElement>(`[name="${error.field}"]`)?.focus();
  }, [error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(operator && district ? { district } : {}),
      ...(kind ? { firm_kind: kind } : {}),
    });
  };
  const fieldError = (name: FilterField) => (error?.field === name ? error.message : null);
  const invalid = (name: FilterField) =>
    fieldError(name) ? { "aria-invalid": true as const, "aria-describedby": `city-${name}-error` } : {};
  const message = (name: FilterField) =>
    fieldError(name) ? (
      <p id={`city-${name}-error`} className="field__error">
        {fieldError(name)}
      </p>
    ) : null;

  return (
    <form ref={form} className="reports-city__filters" onSubmit={submit} aria-label={t("filters.label")}>
      <div className="field">
        <label htmlFor="city-from">{t("filters.from")}</label>
        <input id="city-from" name="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} {...invalid("from")} />
        {message("from")}
      </div>
      <div className="field">
        <label htmlFor="city-to">{t("filters.to")}</label>
        <input id="city-to" name="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} {...invalid("to")} />
        {message("to")}
      </div>
      {operator && (
        <div className="field">
          <label htmlFor="city-district">{t("filters.district")}</label>
          <select id="city-district" name="district" value={district} onChange={(e) => setDistrict(e.target.value)} {...invalid("district")}>
            <option value="">{t("filters.allDistricts")}</option>
            {DISTRICT_CHOICES.map((choice) => (
              <option key={choice.code} value={choice.code}>
                {districtName(choice)}
              </option>
            ))}
          </select>
          {message("district")}
        </div>
      )}
      <div className="field">
        <label htmlFor="city-kind">{t("filters.kind")}</label>
        <select id="city-kind" name="firm_kind" value={kind} onChange={(e) => setKind(e.target.value)} {...invalid("firm_kind")}>
          <option value="">{t("filters.allKinds")}</option>
          {FIRM_KINDS.map((choice) => (
            <option key={choice} value={choice}>
              {t(`kind.${choice}`)}
            </option>
          ))}
        </select>
        {message("firm_kind")}
      </div>
      <button type="submit" className="button">
        {t("filters.apply")}
      </button>
    </form>
  );
}

function Report({ report, query, officerDistrict }: { report: CityReport; query: CityQuery; officerDistrict: string | null }) {
  const { t, i18n } = useTranslation("reportsCity");
  const [measure, setMeasure] = useState<MapMeasure>("seller");
  const name = useDistrictName();
  const monthName = new Intl.DateTimeFormat(i18n.language === "en" ? "en-US" : "ko-KR", {
    year: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  const scoped = report.filters.district;
  const rowsFor = (which: MapMeasure) =>
    which === "buyer"
      ? report.by_buyer_district.flatMap((row) =>
          row.district ? [{ code: row.district.code, label: name(row.district), value: row.sales.net }] : [],
        )
      : report.by_seller_district.map((row) => ({
          code: row.district.code,
          label: name(row.district),
          value: which === "local" ? (row.local_share == null ? null : Number(row.local_share) * 100) : row.sales.net,
        }));
  const inScope = rowsFor(measure);
  const mapValues = PROJECTION.areas.map(
    (area) =>
      inScope.find((row) => row.code === area.code) ?? {
        code: area.code,
        label: i18n.language === "en" ? area.nameEn : area.name,
        value: null,
      },
  );
  const formatMeasure = measure === "local" ? (value: number) => `${formatNumber(Math.round(value * 100) / 100)}%` : formatWon;
  const months: Column[] = report.months.map((row) => ({
    key: row.month,
    ...periodNames(row.month, "month", i18n.language),
    up: row.sales.gross,
    down: row.sales.refunds,
  }));
  const goal = report.city_figures.find((figure) => figure.kind === "goal");
  const purchasingBars: Bar[] = [
    ...report.city_figures
      .filter((figure) => figure.kind === "actual")
      .map((figure) => ({ key: `city-${figure.year}`, label: t("purchasing.cityActual", { year: figure.year }), value: figure.amount })),
    ...report.purchasing.map((row) => ({
      key: `market-${row.year}`,
      label: t("purchasing.marketplace", { year: row.year }),
      value: row.sales.net,
    })),
  ];
  const kindTotals = FIRM_KINDS.map((kind) => ({
    key: kind,
    label: t(`kind.${kind}`),
    value: report.firms.reduce((sum, row) => sum + (row.by_kind.find((item) => item.kind === kind)?.count ?? 0), 0),
  }));

  return (
    <>
      <p className="reports-city__computed">
        {report.computed_at
          ? t("computedAt", { time: formatDateTime(report.computed_at) })
          : t("notComputed")}{" "}
        {t("period", { from: formatDate(report.filters.date_from), to: formatDate(report.filters.date_to) })}
      </p>
      <dl className="reports-city__facts">
        <dt>{scoped ? t("facts.sellerSales") : t("facts.sales")}</dt>
        <dd>{formatWon(report.totals.gross)}</dd>
        <dt>{t("facts.refunds")}</dt>
        <dd>{formatWon(report.totals.refunds)}</dd>
        <dt>{t("facts.net")}</dt>
        <dd>{formatWon(report.totals.net)}</dd>
        <dt>{t("facts.sameDistrict")}</dt>
        <dd>
          {formatWon(report.local.same_district_net)} ({percent(report.local.same_district_share) ?? t("noShare")})
        </dd>
        <dt>{t("facts.seoul")}</dt>
        <dd>
          {formatWon(report.local.seoul_net)} ({percent(report.local.seoul_share) ?? t("noShare")})
        </dd>
      </dl>

      <section aria-labelledby="city-map" className="reports-city__panel">
        <h2 id="city-map">{t("map.title")}</h2>
        <fieldset className="reports-city__measures">
          <legend>{t("map.measure")}</legend>
          {MAP_MEASURES.map((choice) => (
            <label key={choice}>
              <input type="radio" name="map-measure" value={choice} checked={measure === choice} onChange={() => setMeasure(choice)} />{" "}
              {t(`map.${choice}`)}
            </label>
          ))}
        </fieldset>
        <Choropleth
          title={t(`map.${measure}`)}
          projection={PROJECTION}
          values={mapValues}
          format={formatMeasure}
          valueHeader={t(`map.${measure}`)}
          selected={scoped}
        />
        <p className="field__hint">{t("map.source")}</p>
      </section>

      <section aria-labelledby="city-months" className="reports-city__panel">
        <h2 id="city-months">{t("months.title")}</h2>
        <ColumnChart
          title={t("months.chart")}
          columns={months}
          format={formatWon}
          compact={compactWon}
          periodHeader={t("months.month")}
          upLabel={t("facts.sales")}
          downLabel={t("facts.refunds")}
          netLabel={t("facts.net")}
        />
        {/* A wide table scrolls in a focusable, named region (keyboard users can scroll it: axe scrollable-region-focusable). */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="city-months-table">
          <table>
            <caption id="city-months-table">{t("months.table")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("months.month")}</th>
                <th scope="col" className="chart-num">{t("facts.sales")}</th>
                <th scope="col" className="chart-num">{t("facts.refunds")}</th>
                <th scope="col" className="chart-num">{t("facts.net")}</th>
                <th scope="col" className="chart-num">{t("months.local")}</th>
                <th scope="col" className="chart-num">{t("months.growth")}</th>
              </tr>
            </thead>
            <tbody>
              {report.months.map((row) => (
                <tr key={row.month}>
                  <th scope="row">{monthName.format(monthDate(row.month))}</th>
                  <td className="chart-num">{formatWon(row.sales.gross)}</td>
                  <td className="chart-num">{formatWon(row.sales.refunds)}</td>
                  <td className="chart-num">{formatWon(row.sales.net)}</td>
                  <td className="chart-num">{formatWon(row.local_net)}</td>
                  <td className="chart-num">{percent(row.growth) ?? t("noShare")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="city-purchasing" className="reports-city__panel">
        <h2 id="city-purchasing">{t("purchasing.title")}</h2>
        <p>
          {goal
            ? t("purchasing.goal", { amount: formatWon(goal.amount), share: percent(goal.share) ?? "" })
            : t("purchasing.noGoal")}
        </p>
        <BarChart
          title={t("purchasing.chart")}
          bars={purchasingBars}
          format={formatWon}
          compact={compactWon}
          target={goal ? { value: goal.amount, label: t("purchasing.goalLabel") } : null}
          valueHeader={t("purchasing.amount")}
        />
        <p className="field__hint">{t("purchasing.note")}</p>
      </section>

      <section aria-labelledby="city-districts" className="reports-city__panel">
        <h2 id="city-districts">{t("districts.title")}</h2>
        {/* A wide table scrolls in a focusable, named region (keyboard users can scroll it: axe scrollable-region-focusable). */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="city-districts-table">
          <table>
            <caption id="city-districts-table">{t("districts.table")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("districts.district")}</th>
                <th scope="col" className="chart-num">{t("districts.sellerNet")}</th>
                <th scope="col" className="chart-num">{t("districts.localShare")}</th>
                <th scope="col" className="chart-num">{t("districts.buyerNet")}</th>
                <th scope="col" className="chart-num">{t("districts.firms")}</th>
                <th scope="col" className="chart-num">{t("districts.listings")}</th>
                <th scope="col" className="chart-num">{t("districts.active")}</th>
                <th scope="col" className="chart-num">{t("districts.new")}</th>
                <th scope="col" className="chart-num">{t("districts.lapses")}</th>
              </tr>
            </thead>
            <tbody>
              {report.by_seller_district.map((seller) => {
                const buyer = report.by_buyer_district.find((row) => row.district?.code === seller.district.code);
                const firms = report.firms.find((row) => row.district.code === seller.district.code);
                return (
                  <tr key={seller.district.code}>
                    <th scope="row">{name(seller.district)}</th>
                    <td className="chart-num">{formatWon(seller.sales.net)}</td>
                    <td className="chart-num">{percent(seller.local_share) ?? t("noShare")}</td>
                    <td className="chart-num">{buyer ? formatWon(buyer.sales.net) : ""}</td>
                    <td className="chart-num">{formatNumber(firms?.firms ?? 0)}</td>
                    <td className="chart-num">{formatNumber(firms?.listings ?? 0)}</td>
                    <td className="chart-num">{formatNumber(firms?.active_sellers ?? 0)}</td>
                    <td className="chart-num">{formatNumber(firms?.new_designations ?? 0)}</td>
                    <td className="chart-num">{formatNumber(firms?.lapses ?? 0)}</td>
                  </tr>
                );
              })}
              {report.by_buyer_district
                .filter((row) => row.district === null)
                .map((row) => (
                  <tr key="unknown">
                    <th scope="row">{t("districts.unknownBuyers")}</th>
                    <td />
                    <td />
                    <td className="chart-num">{formatWon(row.sales.net)}</td>
                    <td colSpan={5} />
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
        <p className="field__hint">{t("districts.note")}</p>
        <BarChart title={t("districts.kindChart")} bars={kindTotals} format={formatNumber} valueHeader={t("districts.firms")} />
      </section>

      <section aria-labelledby="city-exports" className="reports-city__panel">
        <h2 id="city-exports">{t("exports.title")}</h2>
        <ul className="reports-city__exports">
          {TABLES.map((table) => (
            <li key={table}>
              {t(`exports.${table}`)}:{" "}
              <a href={exportHref(table, "csv", query, officerDistrict)} download>
                CSV
              </a>{" "}
              <a href={exportHref(table, "xlsx", query, officerDistrict)} download>
                XLSX
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
