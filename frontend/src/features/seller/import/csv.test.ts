import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/client";
import { importProblems, parseCsv, recordAtLine, toCsv } from "./csv";

describe("parseCsv", () => {
  it("reads cells, quotes and doubled quotes, numbering lines from the header", () => {
    const records = parseCsv('\uFEFFtitle,price\r\n"사과, 부사",12000\n"말하는 ""감자""",3000\n');
    expect(records).toEqual([
      { cells: ["title", "price"], startLine: 1, endLine: 1 },
      { cells: ["사과, 부사", "12000"], startLine: 2, endLine: 2 },
      { cells: ['말하는 "감자"', "3000"], startLine: 3, endLine: 3 },
    ]);
  });

  it("counts the lines of a quoted cell that spans them, and skips blank lines", () => {
    const records = parseCsv('title,description\n\n"a","one\ntwo"\nb,')
    expect(records[1]).toEqual({ cells: ["a", "one\ntwo"], startLine: 3, endLine: 4 });
    expect(records[2]).toEqual({ cells: ["b", ""], startLine: 5, endLine: 5 });
  });

  it("round-trips through toCsv", () => {
    const rows = [["title", "price"], ['쌀 "햅쌀", 10kg', "30000"], ["줄\n바꿈", ""]];
    expect(parseCsv(toCsv(rows)).map((record) => record.cells)).toEqual(rows);
  });
});

describe("recordAtLine", () => {
  it("finds a row by the line it ends on, else the line it starts on", () => {
    const records = parseCsv('h\n"a\nb"\nc');
    expect(recordAtLine(records, 3)?.cells).toEqual(["a\nb"]);
    expect(recordAtLine(records, 2)?.cells).toEqual(["a\nb"]);
    expect(recordAtLine(records, 4)?.cells).toEqual(["c"]);
    expect(recordAtLine(records, 9)).toBeUndefined();
  });
});

describe("importProblems", () => {
  it("groups the refused rows by line, in line order", () => {
    const error = new ApiError(400, {
      code: "import_rows_invalid",
      message: "2 row(s) are wrong",
      field: "price",
      details: [
        { line: 5, field: "category", code: "unknown_category", message: "없는 분류" },
        { line: 3, field: "price", code: "not_an_integer", message: "숫자가 아님" },
        { line: 5, field: null, code: "too_many_cells", message: "칸이 많음" },
      ],
    });
    expect(importProblems(error)).toEqual({
      message: "2 row(s) are wrong",
      fileProblem: null,
      rows: [
        { line: 3, problems: [{ field: "price", code: "not_an_integer", message: "숫자가 아님" }] },
        {
          line: 5,
          problems: [
            { field: "category", code: "unknown_category", message: "없는 분류" },
            { field: null, code: "too_many_cells", message: "칸이 많음" },
          ],
        },
      ],
    });
  });

  it("reports a problem with the whole file as such", () => {
    const error = new ApiError(400, { code: "missing_columns", message: "price 열이 없어요.", field: "file" });
    expect(importProblems(error)).toEqual({ message: "price 열이 없어요.", fileProblem: "price 열이 없어요.", rows: [] });
  });

  it("is null for what is not an API error", () => {
    expect(importProblems(new Error("x"))).toBeNull();
  });
});
