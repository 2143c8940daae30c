import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../../api/client";
import { formatNumber } from "../../../lib/format";
import { flattenCategories, sellerKeys, useCategories } from "../api";
import { usePageTitle } from "../ui";
import { importProblems, parseCsv, recordAtLine, toCsv, type CsvRecord, type ImportProblems } from "./csv";

// The columns the importer reads (market/catalog/import_csv.py); the first three are required.
const COLUMNS = [
  "title",
  "category",
  "price",
  "sku",
  "description",
  "stock",
  "unit",
  "min_order_quantity",
  "status",
  "tags",
  "vat_exempt",
  "price_tiers",
];
const REQUIRED = new Set(["title", "category", "price"]);

/** The file's text as the server will read it: UTF-8, else CP949 (what Korean Excel saves). */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("euc-kr").decode(bytes);
  }
}

export function ImportPage() {
  const { t } = useTranslation("seller");
  usePageTitle(t("import.title"));
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const problemsHeading = useRef<HTMLHeadingElement>(null);
  const [chosen, setChosen] = useState<File | null>(null);
  const [records, setRecords] = useState<CsvRecord[]>([]);
  const [fileName, setFileName] = useState("");
  const [noFile, setNoFile] = useState(false);

  const upload = useMutation({
    mutationFn: async (file: File) => {
      setRecords(parseCsv(await readText(file)));
      setFileName(file.name);
      // openapi-fetch sends a FormData body as it is (multipart); the schema types the body by its fields.
      const form = new FormData();
      form.append("file", file, file.name);
      return unwrap(api.POST("/api/v1/seller/products/import/", { body: form as unknown as { file: string } }));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sellerKeys.products }),
  });
  const problems = upload.isError ? importProblems(upload.error) : null;
  // Once the refusal is drawn, focus its heading: the rows (or the file's problem) are read from there.
  useEffect(() => {
    if (upload.error) problemsHeading.current?.focus();
  }, [upload.error]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) {
      setNoFile(true);
      fileInput.current?.focus();
      return;
    }
    setNoFile(false);
    upload.mutate(chosen);
  }

  function uploadFixed(fixed: CsvRecord[]) {
    const name = fileName.replace(/(\.csv)?$/i, "") + "-fixed.csv";
    upload.mutate(new File([toCsv(fixed.map((record) => record.cells))], name, { type: "text/csv" }));
  }

  const fileError = noFile ? t("import.noFile") : problems?.fileProblem ?? null;

  return (
    <section className="page">
      <p>
        <Link to="/seller/listings">{t("product.back")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p>{t("import.intro")}</p>
      <ColumnsHelp />

      <form onSubmit={submit} noValidate className="seller-form">
        <div className="field">
          <label htmlFor="import-file">{t("import.file")}</label>
          <p className="field__hint" id="import-file-hint">
            {t("import.fileHint")}
          </p>
          <input
            ref={fileInput}
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? "import-file-hint import-file-error" : "import-file-hint"}
            onChange={(event) => setChosen(event.target.files?.[0] ?? null)}
          />
          {fileError && (
            <p className="field__error" id="import-file-error">
              {fileError}
            </p>
          )}
        </div>
        <button type="submit" className="button" disabled={upload.isPending}>
          {upload.isPending ? t("import.uploading") : t("import.upload")}
        </button>
      </form>

      <div role="status" className="seller-status">
        {upload.isSuccess && (
          <div className="notice notice--success">
            <p className="notice__title">{t("import.done")}</p>
            <p>
              {t("import.result", {
                rows: formatNumber(upload.data.rows),
                created: formatNumber(upload.data.created),
                updated: formatNumber(upload.data.updated),
              })}
            </p>
            <Link to="/seller/listings">{t("import.toListings")}</Link>
          </div>
        )}
      </div>

      {problems && problems.rows.length > 0 && (
        <RowProblems
          key={`${fileName}-${upload.submittedAt}`}
          headingRef={problemsHeading}
          problems={problems}
          records={records}
          busy={upload.isPending}
          onResubmit={uploadFixed}
        />
      )}
      {problems && problems.rows.length === 0 && (
        <h2 ref={problemsHeading} tabIndex={-1} className="visually-hidden">
          {t("import.fileRefused")}
        </h2>
      )}
    </section>
  );
}

function ColumnsHelp() {
  const { t } = useTranslation("seller");
  const categories = useCategories();
  const example = flattenCategories(categories.data ?? []).find(({ node }) => node.children.length === 0)?.node.slug;
  // A template to fill in, made here: the header and, once the categories are known, one example row.
  const href = useMemo(() => {
    const rows = [COLUMNS];
    if (example) rows.push([t("import.exampleTitle"), example, "12000", "SKU-001", "", "100", "개", "1", "draft", ""]);
    return URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }));
  }, [example, t]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  return (
    <details className="seller-help">
      <summary>{t("import.columnsTitle")}</summary>
      <ul>
        {COLUMNS.map((column) => (
          <li key={column}>
            <code>{column}</code>
            {REQUIRED.has(column) ? ` (${t("import.required")})` : ""} — {t(`import.column.${column}`)}
          </li>
        ))}
      </ul>
      <p>{t("import.rules")}</p>
      <p>
        <a href={href} download="gachi-products-template.csv">
          {t("import.template")}
        </a>
      </p>
    </details>
  );
}

interface RowProblemsProps {
  problems: ImportProblems;
  records: CsvRecord[];
  busy: boolean;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onResubmit: (records: CsvRecord[]) => void;
}

/** The refused rows with their cells, fixable here and sent again as a whole file. */
function RowProblems({ problems, records, busy, headingRef, onResubmit }: RowProblemsProps) {
  const { t } = useTranslation("seller");
  const [cells, setCells] = useState(() => records.map((record) => [...record.cells]));
  const header = records[0]?.cells.map((name) => name.trim()) ?? [];

  function setCell(recordIndex: number, column: number, value: string) {
    setCells((current) =>
      current.map((row, index) => {
        if (index !== recordIndex) return row;
        const next = [...row];
        while (next.length <= column) next.push("");
        next[column] = value;
        return next;
      }),
    );
  }

  return (
    <section aria-labelledby="import-problems" className="seller-panel">
      <h2 id="import-problems" ref={headingRef} tabIndex={-1}>
        {t("import.problemsTitle", { count: problems.rows.length })}
      </h2>
      <p className="notice notice--error" role="alert">
        {t("import.nothingImported", { count: problems.rows.length })}
      </p>
      <div className="table-scroll">
        <table className="seller-table">
          <caption className="visually-hidden">{t("import.problemsTitle", { count: problems.rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("import.line")}</th>
              <th scope="col">{t("import.column.name")}</th>
              <th scope="col">{t("import.problem")}</th>
            </tr>
          </thead>
          <tbody>
            {problems.rows.flatMap(({ line, problems: rowProblems }) =>
              rowProblems.map((problem, index) => (
                <tr key={`${line}-${index}`}>
                  <td className="seller-nowrap">{t("import.lineN", { line })}</td>
                  <td className="seller-nowrap">{problem.field ? <code>{problem.field}</code> : t("import.wholeRow")}</td>
                  <td>{problem.message}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>

      {records.length > 0 && (
        <form
          noValidate
          className="seller-form"
          onSubmit={(event) => {
            event.preventDefault();
            onResubmit(records.map((record, index) => ({ ...record, cells: cells[index] ?? record.cells })));
          }}
        >
          <h3>{t("import.fixTitle")}</h3>
          <p className="field__hint">{t("import.fixHint")}</p>
          {problems.rows.map(({ line, problems: rowProblems }) => {
            const record = recordAtLine(records, line);
            if (!record) return null;
            const recordIndex = records.indexOf(record);
            const bad = new Map(rowProblems.filter((p) => p.field).map((p) => [p.field as string, p.message]));
            return (
              <fieldset key={line} className="seller-fieldset seller-fix">
                <legend>{t("import.lineN", { line })}</legend>
                <div className="seller-fix__cells">
                  {header.map((column, columnIndex) => {
                    const id = `fix-${line}-${columnIndex}`;
                    const message = bad.get(column);
                    return (
                      <div className="field" key={id}>
                        <label htmlFor={id}>{t("import.cellLabel", { line, column })}</label>
                        <input
                          id={id}
                          value={cells[recordIndex]?.[columnIndex] ?? ""}
                          onChange={(event) => setCell(recordIndex, columnIndex, event.target.value)}
                          aria-invalid={message ? true : undefined}
                          aria-describedby={message ? `${id}-error` : undefined}
                        />
                        {message && (
                          <p className="field__error" id={`${id}-error`}>
                            {message}
                          </p>
                        )}
                      </div>
                    );
                  })}
                </div>
              </fieldset>
            );
          })}
          <button type="submit" className="button" disabled={busy}>
            {t("import.resubmit")}
          </button>
        </form>
      )}
    </section>
  );
}
