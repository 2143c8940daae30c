import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ApiError } from "../../../api/client";
import { ColumnChart } from "../../../components/charts/ColumnChart";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { usePageTitle } from "../../../components/usePageTitle";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { useSellerSalesReport } from "./api";
import {
  CHANNELS,
  GRANULARITIES,
  exportLinks,
  queryFrom,
  searchOf,
  seriesColumns,
  shareOf,
  type ReportQuery,
  type SalesReport,
} from "./figures";
import "./reportsSeller.css";

const compactFormat = new Intl.NumberFormat("ko-KR", { notation: "compact", maximumSignificantDigits: 3 });
const compactWon = (value: number) => `${compactFormat.format(value)}원`;
type FilterField = "from" | "to" | "granularity" | "channel";
const BALANCES = ["balance", "payable", "awaiting_confirmation", "paid_out"] as const;

/** /seller/reports/sales: the firm's sales by period, product, channel and buyer district, with its exports. */
export function SalesReportPage() {
  const { t } = useTranslation("reportsSeller");
  usePageTitle("reportsSeller", t("title"));
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const report = useSellerSalesReport(query);
  const filterError =
    report.error instanceof ApiError && report.error.status === 400 && report.error.field ? report.error : null;

  return (
    <section className="page reports-seller">
      <h1>{t("title")}</h1>
      <p className="field__hint">{t("intro")}</p>
      <Filters
        key={searchOf(query)}
        query={query}
        shown={report.data}
        error={filterError}
        onApply={(next) => setParams(new URLSearchParams(searchOf(next)))}
      />
      {report.isPending && <Loading />}
      {report.isError && !filterError && <ErrorState error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && <Report report={report.data} query={query} />}
    </section>
  );
}

interface FiltersProps {
  query: ReportQuery;
  shown?: SalesReport;
  error: ApiError | null;
  onApply: (query: ReportQuery) => void;
}

function Filters({ query, shown, error, onApply }: FiltersProps) {
  const { t } = useTranslation("reportsSeller");
  // null: not edited. Until edited, a date shows what the URL asks for, else the server's default it answered with.
  const [editedFrom, setFrom] = useState<string | null>(null);
  const [editedTo, setTo] = useState<string | null>(null);
  const from = editedFrom ?? query.from ?? shown?.date_from ?? "";
  const to = editedTo ?? query.to ?? shown?.date_to ?? "";
  const [granularity, setGranularity] = useState(query.granularity);
  const [channel, setChannel] = useState(query.channel ?? "");
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (error?.field) form.current?.querySelector<HTMLElement>(`[name="${error.field}"]`)?.focus();
  }, [error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      granularity,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(channel ? { channel: channel as ReportQuery["channel"] } : {}),
    });
  };
  const fieldError = (name: FilterField) => (error?.field === name ? error.message : null);
  const described = (name: FilterField) => (fieldError(name) ? `report-${name}-error` : undefined);

  return (
    <form ref={form} className="reports-seller__filters" onSubmit={submit} aria-label={t("filters.label")}>
      <div className="field">
        <label htmlFor="report-from">{t("filters.from")}</label>
        <input
          id="report-from"
          name="from"
          type="date"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
          aria-invalid={fieldError("from") ? true : undefined}
          aria-describedby={described("from")}
        />
        <FieldError name="from" message={fieldError("from")} />
      </div>
      <div className="field">
        <label htmlFor="report-to">{t("filters.to")}</label>
        <input
          id="report-to"
          name="to"
          type="date"
          value={to}
          onChange={(event) => setTo(event.target.value)}
          aria-invalid={fieldError("to") ? true : undefined}
          aria-describedby={described("to")}
        />
        <FieldError name="to" message={fieldError("to")} />
      </div>
      <div className="field">
        <label htmlFor="report-granularity">{t("filters.granularity")}</label>
        <select
          id="report-granularity"
          name="granularity"
          value={granularity}
          onChange={(event) => setGranularity(event.target.value as ReportQuery["granularity"])}
          aria-invalid={fieldError("granularity") ? true : undefined}
          aria-describedby={described("granularity")}
        >
          {GRANULARITIES.map((choice) => (
            <option key={choice} value={choice}>
              {t(`granularity.${choice}`)}
            </option>
          ))}
        </select>
        <FieldError name="granularity" message={fieldError("granularity")} />
      </div>
      <div className="field">
        <label htmlFor="report-channel">{t("filters.channel")}</label>
        <select
          id="report-channel"
          name="channel"
          value={channel}
          onChange={(event) => setChannel(event.target.value)}
          aria-invalid={fieldError("channel") ? true : undefined}
          aria-describedby={described("channel")}
        >
          <option value="">{t("channel.all")}</option>
          {CHANNELS.map((choice) => (
            <option key={choice} value={choice}>
              {t(`channel.${choice}`)}
            </option>
          ))}
        </select>
        <FieldError name="channel" message={fieldError("channel")} />
      </div>
      <button type="submit" className="button">
        {t("filters.apply")}
      </button>
    </form>
  );
}

function FieldError({ name, message }: { name: string; message: string | null }) {
  if (!message) return null;
  return (
    <p className="field__error" id={`report-${name}-error`}>
      {message}
    </p>
  );
}

function Report({ report, query }: { report: SalesReport; query: ReportQuery }) {
  const { t, i18n } = useTranslation("reportsSeller");
  const links = exportLinks({ ...query, from: report.date_from, to: report.date_to });
  const localShare = shareOf(report.local.net, report.totals.net);
  const localName = (named: { name_ko: string; name_en: string }) =>
    i18n.language === "en" ? named.name_en || named.name_ko : named.name_ko;
  return (
    <>
      <p className="reports-seller__computed">
        {report.computed_at
          ? t("computedAt", {
              when: formatDateTime(report.computed_at),
              minutes: Math.max(1, Math.round(report.refresh_seconds / 60)),
            })
          : t("notComputed")}
      </p>
      <p>
        {t("period", {
          from: formatDate(report.date_from),
          to: formatDate(report.date_to),
          granularity: t(`granularity.${report.granularity}`),
        })}
      </p>

      <section aria-labelledby="report-totals">
        <h2 id="report-totals">{t("totals.title")}</h2>
        <dl className="seller-balances">
          <Fact label={t("measure.gross")} value={formatWon(report.totals.gross)} />
          <Fact label={t("measure.refunds")} value={formatWon(report.totals.refunds)} />
          <Fact label={t("measure.net")} value={formatWon(report.totals.net)} main />
          <Fact label={t("measure.quantity")} value={t("units", { count: report.totals.quantity, formatted: formatNumber(report.totals.quantity) })} />
          <Fact
            label={t("totals.local")}
            value={localShare != null ? t("totals.localValue", { amount: formatWon(report.local.net), share: localShare }) : formatWon(report.local.net)}
          />
        </dl>
      </section>

      <ColumnChart
        title={t("chart.title", { granularity: t(`granularity.${report.granularity}`) })}
        columns={seriesColumns(report, i18n.language)}
        format={formatWon}
        compact={compactWon}
        periodHeader={t("chart.period")}
        upLabel={t("measure.gross")}
        downLabel={t("measure.refunds")}
        netLabel={t("measure.net")}
      />

      <section aria-labelledby="report-products">
        <h2 id="report-products">{t("products.title")}</h2>
        {report.top_products.length === 0 ? (
          <p className="notice">{t("products.empty")}</p>
        ) : (
          <TableScroll label={t("products.title")}>
            <table className="seller-table">
              <caption className="visually-hidden">{t("products.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("products.rank")}</th>
                  <th scope="col">{t("products.product")}</th>
                  <th scope="col" className="seller-num">
                    {t("measure.gross")}
                  </th>
                  <th scope="col" className="seller-num">
                    {t("measure.quantity")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.top_products.map((product, index) => (
                  <tr key={product.product_id ?? "none"}>
                    <td>{index + 1}</td>
                    <th scope="row">{product.product_id != null ? product.title : t("products.noProduct")}</th>
                    <td className="seller-num">{formatWon(product.gross)}</td>
                    <td className="seller-num">{formatNumber(product.quantity)}</td>
                  </tr>
                ))}
                {report.other_products.lines > 0 && (
                  <tr>
                    <td />
                    <th scope="row">
                      {t("products.others", { count: report.product_count - report.top_products.length })}
                    </th>
                    <td className="seller-num">{formatWon(report.other_products.gross)}</td>
                    <td className="seller-num">{formatNumber(report.other_products.quantity)}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </TableScroll>
        )}
        <p className="field__hint">{t("products.refunds", { amount: formatWon(report.totals.refunds) })}</p>
      </section>

      <section aria-labelledby="report-channels">
        <h2 id="report-channels">{t("channels.title")}</h2>
        <FiguresTable
          caption={t("channels.title")}
          firstHeader={t("channels.channel")}
          rows={report.by_channel.map((row) => ({ key: row.channel, name: t(`channel.${row.channel}`), ...row }))}
        />
      </section>

      <section aria-labelledby="report-districts">
        <h2 id="report-districts">{t("districts.title")}</h2>
        {report.by_district.length === 0 ? (
          <p className="notice">{t("districts.empty")}</p>
        ) : (
          <FiguresTable
            caption={t("districts.title")}
            firstHeader={t("districts.district")}
            rows={report.by_district.map((row) => ({
              key: row.district ?? "unknown",
              name: row.district
                ? `${localName(row)}${row.own ? ` (${t("districts.own")})` : ""}`
                : t("districts.unknown"),
              ...row,
            }))}
          />
        )}
      </section>

      <section aria-labelledby="report-balance">
        <h2 id="report-balance">{t("balance.title")}</h2>
        <dl className="seller-balances">
          {BALANCES.map((key) => (
            <Fact key={key} label={t(`balance.${key}`)} value={formatWon(report.balances[key])} main={key === "balance"} />
          ))}
        </dl>
        <p className="field__hint">{t("balance.explain")}</p>
      </section>

      <section aria-labelledby="report-downloads">
        <h2 id="report-downloads">{t("downloads.title")}</h2>
        <ul className="reports-seller__downloads">
          <li>
            <a className="button button--secondary" href={links.xlsx} download>
              {t("downloads.xlsx")}
            </a>
          </li>
          {(["series", "products", "channels", "districts"] as const).map((table) => (
            <li key={table}>
              <a className="button button--secondary" href={links.csv[table]} download>
                {t(`downloads.csv.${table}`)}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Fact({ label, value, main = false }: { label: string; value: string; main?: boolean }) {
  return (
    <div className={`seller-balance${main ? " seller-balance--main" : ""}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

interface FiguresRow {
  key: string;
  name: string;
  gross: number;
  refunds: number;
  net: number;
  quantity: number;
}

function FiguresTable({ caption, firstHeader, rows }: { caption: string; firstHeader: string; rows: FiguresRow[] }) {
  const { t } = useTranslation("reportsSeller");
  return (
    <TableScroll label={caption}>
      <table className="seller-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstHeader}</th>
            <th scope="col" className="seller-num">
              {t("measure.gross")}
            </th>
            <th scope="col" className="seller-num">
              {t("measure.refunds")}
            </th>
            <th scope="col" className="seller-num">
              {t("measure.net")}
            </th>
            <th scope="col" className="seller-num">
              {t("measure.quantity")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              <td className="seller-num">{formatWon(row.gross)}</td>
              <td className="seller-num">{formatWon(row.refunds)}</td>
              <td className="seller-num">{formatWon(row.net)}</td>
              <td className="seller-num">{formatNumber(row.quantity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A table that may scroll sideways on a phone: the region takes keyboard focus so the arrow keys scroll it. */
function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
