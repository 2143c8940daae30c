import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ApiError, api, unwrap } from "../../../api/client";
import { useMe } from "../../../app/session";
import { ErrorState } from "../../../components/ErrorState";
import { fieldErrors } from "../../../components/FormError";
import { Loading } from "../../../components/Loading";
import { formatWon } from "../../../lib/format";
import { performanceKey, useDistricts, usePerformance } from "../api";
import { Field, useFocusOnError, useLocalName, usePageTitle, wholeNumber } from "../ui";
import { BarChart, type Bar } from "../../../components/charts/BarChart";
import { DisclosureControl } from "../../reports/disclosure";
import { percent, yearChoices, yearFrom, type Breakdown, type Performance, type RegimeResult } from "./figures";

const compactFormat = new Intl.NumberFormat("ko-KR", { notation: "compact", maximumSignificantDigits: 3 });
const compactWon = (value: number) => `${compactFormat.format(value)}원`;

/** /agency/performance: the year's purchases per procurement regime against total purchasing and targets. */
export function PerformancePage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("performance.title"));
  const [params, setParams] = useSearchParams();
  const current = new Date().getFullYear();
  const year = yearFrom(params.get("year"), current);
  const report = usePerformance(year);
  const admin = useMe().data?.agency?.roles.includes("admin") ?? false;

  return (
    <section className="page">
      <h1>{t("performance.title")}</h1>
      <div className="agency-actions agency-performance__bar">
        <div className="field agency-filter">
          <label htmlFor="performance-year">{t("performance.year")}</label>
          <select
            id="performance-year"
            value={year}
            onChange={(event) => {
              const next = new URLSearchParams(params);
              next.set("year", event.target.value);
              setParams(next);
            }}
          >
            {yearChoices(current, year).map((choice) => (
              <option key={choice} value={choice}>
                {t("performance.yearOption", { year: choice })}
              </option>
            ))}
          </select>
        </div>
        <a className="button button--secondary" href={`/api/v1/agency/performance/export.csv?year=${year}`} download>
          {t("performance.csv")}
        </a>
        <a className="button button--secondary" href={`/api/v1/agency/performance/export.xlsx?year=${year}`} download>
          {t("performance.xlsx")}
        </a>
      </div>
      {report.isPending && <Loading />}
      {report.isError && <ErrorState error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && <Report report={report.data} admin={admin} />}
      <DisclosureControl year={year} admin={admin} />
    </section>
  );
}

function Report({ report, admin }: { report: Performance; admin: boolean }) {
  const { t } = useTranslation("agency");
  return (
    <>
      <dl className="agency-facts">
        <dt>{t("performance.totalPurchasing")}</dt>
        <dd>{report.total_recorded ? formatWon(report.total_purchasing) : t("performance.notRecorded")}</dd>
        <dt>{t("performance.marketplace")}</dt>
        <dd>{formatWon(report.marketplace.total)}</dd>
      </dl>
      {!report.total_recorded && <p className="notice notice--warning">{admin ? t("performance.enterTotal") : t("performance.askAdmin")}</p>}
      {admin && <PlanForms report={report} />}
      {report.regimes.map((regime) => (
        <RegimeSection key={regime.code} regime={regime} recorded={report.total_recorded} />
      ))}
    </>
  );
}

function RegimeSection({ regime, recorded }: { regime: RegimeResult; recorded: boolean }) {
  const { t, i18n } = useTranslation("agency");
  const monthName = new Intl.DateTimeFormat(i18n.language === "en" ? "en-US" : "ko-KR", { month: "short", timeZone: "UTC" });
  const id = `regime-${regime.code}`;
  const name = t(`regime.${regime.code}`, { defaultValue: regime.name });
  const rate = percent(regime.target_rate, { trim: true });
  const months: Bar[] = regime.breakdown.by_month.map((row) => ({
    key: String(row.month),
    label: monthName.format(Date.UTC(2000, row.month - 1, 1)),
    value: row.amount,
  }));
  const summary: Bar[] = [
    { key: "counted", label: t("performance.counted"), value: regime.counted },
    ...(regime.planned != null ? [{ key: "planned", label: t("performance.planned"), value: regime.planned }] : []),
  ];
  return (
    <section className="agency-panel" aria-labelledby={id}>
      <h2 id={id}>{name}</h2>
      <p>
        {recorded && regime.share != null ? (
          <>
            <span className="agency-share">{t("performance.share", { share: percent(regime.share) })}</span>{" "}
            {t("performance.ofTarget", { rate })}
          </>
        ) : (
          t("performance.targetOnly", { rate })
        )}
      </p>
      <dl className="agency-facts">
        <dt>{t("performance.counted")}</dt>
        <dd>{formatWon(regime.counted)}</dd>
        {recorded && (
          <>
            <dt>{t("performance.targetAmount", { rate })}</dt>
            <dd>{formatWon(regime.target_amount)}</dd>
            <dt>{t("performance.gap")}</dt>
            <dd>{regime.gap > 0 ? formatWon(regime.gap) : t("performance.reached")}</dd>
          </>
        )}
        <dt>{t("performance.planned")}</dt>
        <dd>{regime.planned != null ? formatWon(regime.planned) : t("performance.noPlan")}</dd>
      </dl>
      <BarChart
        title={t("performance.summaryChart", { name })}
        bars={summary}
        format={formatWon}
        compact={compactWon}
        target={recorded ? { value: regime.target_amount, label: t("performance.targetAmount", { rate }) } : null}
        valueHeader={t("performance.amount")}
      />
      <BarChart
        title={t("performance.monthChart", { name })}
        bars={months}
        format={formatWon}
        compact={compactWon}
        valueHeader={t("performance.amount")}
      />
      <details className="agency-more">
        <summary>{t("performance.more", { name })}</summary>
        <BreakdownCharts name={name} breakdown={regime.breakdown} />
      </details>
    </section>
  );
}

function BreakdownCharts({ name, breakdown }: { name: string; breakdown: Breakdown }) {
  const { t } = useTranslation("agency");
  const districts = useDistricts();
  const localName = useLocalName();
  const districtName = (code: string) => {
    const district = districts.data?.find((item) => item.code === code);
    return district ? localName(district) : code;
  };
  const kinds = breakdown.by_kind
    .filter((row) => row.amount !== 0)
    .map((row) => ({ key: row.kind, label: t(`firmKind.${row.kind}`, { defaultValue: row.label }), value: row.amount }));
  const byDistrict = breakdown.by_district
    .filter((row) => row.amount !== 0)
    .map((row) => ({ key: row.district, label: districtName(row.district), value: row.amount }));
  return (
    <>
      {kinds.length === 0 ? (
        <p className="agency-muted">{t("performance.nothingYet")}</p>
      ) : (
        <BarChart
          title={t("performance.kindChart", { name })}
          bars={kinds}
          format={formatWon}
          compact={compactWon}
          valueHeader={t("performance.amount")}
        />
      )}
      {byDistrict.length > 0 && (
        <BarChart
          title={t("performance.districtChart", { name })}
          bars={byDistrict}
          format={formatWon}
          compact={compactWon}
          valueHeader={t("performance.amount")}
        />
      )}
    </>
  );
}

/** Admins record the year's total purchasing and the plan's target per regime. */
function PlanForms({ report }: { report: Performance }) {
  const { t } = useTranslation("agency");
  return (
    <details className="agency-panel agency-more" open={!report.total_recorded}>
      <summary>{t("performance.plan.title", { year: report.year })}</summary>
      <TotalForm report={report} />
      <YearsImport year={report.year} />
      <TargetsForm report={report} />
    </details>
  );
}

function TotalForm({ report }: { report: Performance }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [total, setTotal] = useState(report.total_recorded ? String(report.total_purchasing) : "");
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/agency/years/", { body: { year: report.year, total_purchasing: wholeNumber(total) } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: performanceKey(report.year) }),
  });
  const errors = fieldErrors(save.error);
  useFocusOnError(form, save.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form ref={form} noValidate className="agency-form" onSubmit={submit} aria-labelledby="total-title">
      <h3 id="total-title">{t("performance.plan.total")}</h3>
      <Field
        name="total_purchasing"
        idPrefix="year"
        label={t("performance.plan.totalLabel", { year: report.year })}
        hint={t("performance.plan.totalHint")}
        error={errors.fields.total_purchasing ?? errors.fields.year ?? errors.form}
      >
        {(control) => <input {...control} inputMode="numeric" value={total} onChange={(event) => setTotal(event.target.value)} />}
      </Field>
      <p role="status" className="agency-status">
        {save.isSuccess ? t("performance.plan.saved") : ""}
      </p>
      <button type="submit" className="button" disabled={save.isPending}>
        {t("performance.plan.saveTotal")}
      </button>
    </form>
  );
}

function TargetsForm({ report }: { report: Performance }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(report.regimes.map((regime) => [regime.code, regime.planned != null ? String(regime.planned) : ""])),
  );
  const [saved, setSaved] = useState("");
  // One target per request (the API files one regime's target at a time); the first refusal stops the rest.
  const save = useMutation({
    mutationFn: async () => {
      const changed = report.regimes.filter((regime) => (values[regime.code] ?? "") !== (regime.planned != null ? String(regime.planned) : ""));
      for (const regime of changed) {
        try {
          await unwrap(
            api.POST("/api/v1/agency/plan-targets/", {
              body: { year: report.year, regime: regime.code, target_amount: wholeNumber(values[regime.code] ?? "") },
            }),
          );
        } catch (error) {
          throw Object.assign(error as Error, { regime: regime.code });
        }
      }
      return changed.length;
    },
    onMutate: () => setSaved(""),
    onSuccess: (count) => {
      setSaved(t("performance.plan.targetsSaved", { count }));
      void queryClient.invalidateQueries({ queryKey: performanceKey(report.year) });
    },
  });
  const failed = (save.error as (Error & { regime?: string }) | null)?.regime;
  const errors = fieldErrors(save.error);
  useFocusOnError(form, save.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form ref={form} noValidate className="agency-form" onSubmit={submit} aria-labelledby="targets-title">
      <h3 id="targets-title">{t("performance.plan.targets")}</h3>
      <p className="field__hint">{t("performance.plan.targetsHint")}</p>
      {report.regimes.map((regime) => (
        <Field
          key={regime.code}
          name={regime.code}
          idPrefix="target"
          label={t(`regime.${regime.code}`, { defaultValue: regime.name })}
          error={failed === regime.code ? (errors.fields.target_amount ?? errors.form ?? save.error?.message) : null}
        >
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              value={values[regime.code] ?? ""}
              onChange={(event) => setValues((current) => ({ ...current, [regime.code]: event.target.value }))}
            />
          )}
        </Field>
      ))}
      <p role="status" className="agency-status">
        {saved}
      </p>
      <button type="submit" className="button" disabled={save.isPending}>
        {t("performance.plan.saveTargets")}
      </button>
    </form>
  );
}

interface ImportProblem {
  line?: number;
  field?: string;
  message?: string;
}

/** Totals for several years at once from a CSV or XLSX file (columns 연도, 총구매액): all rows or none. */
function YearsImport({ year }: { year: number }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => {
      // openapi-fetch sends a FormData body as it is (multipart); the schema types the body by its fields.
      const form = new FormData();
      form.append("file", chosen, chosen.name);
      return unwrap(api.POST("/api/v1/agency/years/import/", { body: form as unknown as { file: string } }));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["agency", "performance"] }),
  });
  const details = upload.error instanceof ApiError ? upload.error.details : null;
  const problems = (Array.isArray(details) ? (details as ImportProblem[]) : []).filter((problem) => problem.line != null);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate(file);
    else input.current?.focus();
  }
  return (
    <form noValidate className="agency-form" onSubmit={submit} aria-labelledby="import-title">
      <h3 id="import-title">{t("performance.plan.import")}</h3>
      <div className="field">
        <label htmlFor="years-file">{t("performance.plan.importLabel")}</label>
        <p className="field__hint" id="years-file-hint">
          {t("performance.plan.importHint")}
        </p>
        <input
          id="years-file"
          ref={input}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby="years-file-hint"
          aria-invalid={upload.error ? true : undefined}
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </div>
      {upload.error && (
        <div className="notice notice--error" role="alert">
          <p>{upload.error.message}</p>
          {problems.length > 0 && (
            <ul>
              {problems.map((problem, index) => (
                <li key={index}>{t("performance.plan.importRow", { line: problem.line, message: problem.message ?? "" })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p role="status" className="agency-status">
        {upload.data ? t("performance.plan.imported", { count: upload.data.length, year }) : ""}
      </p>
      <button type="submit" className="button button--secondary" disabled={upload.isPending || !file}>
        {t("performance.plan.importSubmit")}
      </button>
    </form>
  );
}
