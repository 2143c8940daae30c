import { render, screen, within } from "@testing-library/react";
import { Suspense } from "react";
import { describe, expect, it } from "vitest";
import { formatWon } from "../../lib/format";
import { BarChart, layoutBars, WIDTH } from "./BarChart";

const bars = [
  { key: "1", label: "1월", value: 300_000 },
  { key: "2", label: "2월", value: 0 },
  { key: "3", label: "3월", value: 600_000 },
  { key: "4", label: "4월", value: -50_000 },
];

describe("layoutBars", () => {
  it("sizes bars against the largest of the values and the target", () => {
    const layout = layoutBars(bars, 1_200_000);
    const widths = layout.rows.map((row) => row.width);
    expect(widths[2]! / widths[0]!).toBeCloseTo(2);
    expect(layout.targetX).toBeCloseTo(widths[2]! * 2);
    expect(widths[1]).toBe(0);
    expect(widths[3]).toBe(0); // refunds beyond purchases: no bar, the figure stays
    expect(Math.max(...widths, layout.targetX!)).toBeLessThan(WIDTH);
  });

  it("lets the largest value fill the track without a target, and draws nothing for all zeros", () => {
    const layout = layoutBars(bars);
    expect(layout.targetX).toBeNull();
    expect(layoutBars([{ key: "a", label: "a", value: 0 }]).rows[0]!.width).toBe(0);
    expect(layout.rows.map((row) => row.y)).toEqual([0, 28, 56, 84]);
    expect(layout.height).toBe(112);
  });
});

describe("BarChart", () => {
  it("names the picture and gives every figure, the target's too, in a table", async () => {
    render(
      <Suspense fallback="…">
        <BarChart
          title="월별 구매액"
          bars={bars}
          format={formatWon}
          target={{ value: 1_200_000, label: "목표액" }}
          valueHeader="구매액"
        />
      </Suspense>,
    );
    const picture = await screen.findByRole("img", { name: /월별 구매액/ });
    expect(picture).toHaveAccessibleName(/1월 300,000원, 2월 0원, 3월 600,000원, 4월 -50,000원\. 목표액 1,200,000원/);
    const table = screen.getByRole("table", { name: "월별 구매액" });
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual(["1월300,000원", "2월0원", "3월600,000원", "4월-50,000원", "목표액1,200,000원"]);
    expect(within(table).getByRole("columnheader", { name: "구매액" })).toBeInTheDocument();
  });
});
