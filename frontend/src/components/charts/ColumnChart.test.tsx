import { render, screen, within } from "@testing-library/react";
import { Suspense } from "react";
import { describe, expect, it } from "vitest";
import { formatWon } from "../../lib/format";
import { ColumnChart, layoutColumns, PLOT_HEIGHT, WIDTH, type Column } from "./ColumnChart";

const columns: Column[] = [
  { key: "w1", label: "5월 25일 주", tick: "5/25", up: 29_000, down: 0 },
  { key: "w2", label: "6월 1일 주", tick: "6/1", up: 146_000, down: 0 },
  { key: "w3", label: "6월 8일 주", tick: "6/8", up: 0, down: 46_000 },
];

describe("layoutColumns", () => {
  it("draws sales up and refunds down from one zero line, on one scale", () => {
    const layout = layoutColumns(columns);
    const [first, second, third] = layout.columns;
    expect(second!.upHeight + third!.downHeight).toBeCloseTo(PLOT_HEIGHT);
    expect(second!.upHeight / first!.upHeight).toBeCloseTo(146 / 29);
    expect(third!.upHeight).toBe(0);
    expect(second!.upY + second!.upHeight).toBeCloseTo(layout.zeroY);
    expect(layout.top).toBe(146_000);
    expect(layout.bottom).toBe(46_000);
    expect(third!.x + third!.width).toBeLessThanOrEqual(WIDTH);
  });

  it("keeps the zero line at the bottom without refunds, and draws nothing for all zeros", () => {
    const flat = layoutColumns([{ key: "a", label: "a", tick: "a", up: 0, down: 0 }]);
    expect(flat.columns[0]!.upHeight).toBe(0);
    expect(flat.columns[0]!.downHeight).toBe(0);
    expect(layoutColumns(columns.slice(0, 2)).zeroY).toBeCloseTo(layoutColumns(columns.slice(0, 2)).height - 20);
  });

  it("writes at most six ticks, evenly spaced, the first always", () => {
    const many = Array.from({ length: 31 }, (_, i) => ({ key: `${i}`, label: `${i}`, tick: `${i}`, up: i, down: 0 }));
    const ticks = layoutColumns(many).ticks;
    expect(ticks[0]).toBe(0);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks).toEqual([0, 6, 12, 18, 24, 30]);
  });
});

describe("ColumnChart", () => {
  it("names the picture and gives every period's figures and net in a table", async () => {
    render(
      <Suspense fallback="…">
        <ColumnChart
          title="주별 판매액과 환불액"
          columns={columns}
          format={formatWon}
          periodHeader="기간"
          upLabel="판매액"
          downLabel="환불액"
          netLabel="순매출"
        />
      </Suspense>,
    );
    const picture = await screen.findByRole("img", { name: /주별 판매액과 환불액/ });
    expect(picture).toHaveAccessibleName(expect.stringContaining("판매액 175,000원, 환불액 46,000원"));
    const table = screen.getByRole("table", { name: "주별 판매액과 환불액" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(4);
    expect(within(rows[3]!).getAllByRole("cell").map((cell) => cell.textContent)).toEqual([
      "0원",
      "46,000원",
      "-46,000원",
    ]);
  });
});
