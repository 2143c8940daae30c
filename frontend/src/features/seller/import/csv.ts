// Reading and writing the product CSV in the browser, so that the rows the server refused can be shown with
// their cells and fixed in place. The server stays the judge: it reads the file again and checks every row.
import { ApiError } from "../../../api/client";

export interface CsvRecord {
  cells: string[];
  /** Line numbers as the server counts them: the header is line 1; a quoted cell may span lines. */
  startLine: number;
  endLine: number;
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines inside quotes); blank lines are skipped, as the server does. */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let touched = false; // the record has a cell, even an empty quoted one

  const endRecord = () => {
    if (touched || cell !== "" || cells.length) {
      cells.push(cell);
      records.push({ cells, startLine, endLine: line });
    }
    cells = [];
    cell = "";
    touched = false;
  };

  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === "\n") line++;
        cell += char;
      }
      continue;
    }
    if (char === '"') {
      quoted = true;
      touched = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
      touched = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i++;
      endRecord();
      line++;
      startLine = line;
    } else {
      cell += char;
    }
  }
  endRecord();
  return records;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** CSV text (UTF-8 with a BOM, so that spreadsheet programs read Korean right). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return "\uFEFF" + rows.map((row) => row.map(quote).join(",")).join("\r\n") + "\r\n";
}

/** The record the server means by `line` (it names the line a row ends on; an unreadable row, where it starts). */
export function recordAtLine(records: readonly CsvRecord[], line: number): CsvRecord | undefined {
  return records.find((record) => record.endLine === line) ?? records.find((record) => record.startLine === line);
}

export interface RowProblem {
  field: string | null;
  code: string;
  message: string;
}

export interface ImportProblems {
  /** The server's own summary. */
  message: string;
  /** A problem with the whole file (encoding, columns, too many rows, no rows); null when rows are at fault. */
  fileProblem: string | null;
  /** Refused rows in line order, each with its problems in the order the server gave them. */
  rows: { line: number; problems: RowProblem[] }[];
}

/** Group an import's refusal (import_rows_invalid: details [{line, field, code, message}]) by row. */
export function importProblems(error: unknown): ImportProblems | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code !== "import_rows_invalid" || !Array.isArray(error.details)) {
    return { message: error.message, fileProblem: error.message, rows: [] };
  }
  const byLine = new Map<number, RowProblem[]>();
  for (const item of error.details as Record<string, unknown>[]) {
    const line = typeof item?.line === "number" ? item.line : null;
    if (line === null) continue;
    const problems = byLine.get(line) ?? [];
    problems.push({
      field: typeof item.field === "string" ? item.field : null,
      code: typeof item.code === "string" ? item.code : "invalid",
      message: typeof item.message === "string" ? item.message : error.message,
    });
    byLine.set(line, problems);
  }
  const rows = [...byLine.entries()].sort(([a], [b]) => a - b).map(([line, problems]) => ({ line, problems }));
  return { message: error.message, fileProblem: null, rows };
}
