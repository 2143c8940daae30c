import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Suspense } from "react";
import { describe, expect, it } from "vitest";
import { formatWon } from "../../lib/format";
import { Choropleth } from "./Choropleth";
import { projectFeatures, type GeoCollection } from "./geo";

const collection: GeoCollection = {
  features: ["A", "B", "C"].map((code, index) => ({
    properties: { code, name: `${code}구`, name_en: `${code}-gu` },
    geometry: {
      type: "Polygon" as const,
      coordinates: [[[127 + index, 37], [127.5 + index, 37], [127.5 + index, 37.5], [127 + index, 37]]],
    },
  })),
};

describe("Choropleth", () => {
  it("draws each area as a focusable, named path in its colour step, and the figures as a table", async () => {
    render(
      <Suspense fallback="…">
        <Choropleth
          title="구별 순판매액"
          projection={projectFeatures(collection, 360)}
          values={[
            { code: "A", label: "A구", value: 1_000 },
            { code: "B", label: "B구", value: 0 },
            { code: "C", label: "C구", value: null },
          ]}
          format={formatWon}
          valueHeader="순판매액"
        />
      </Suspense>,
    );
    const a = await screen.findByRole("img", { name: "A구 1,000원" });
    expect(a).toHaveAttribute("tabindex", "0");
    expect(a).toHaveAttribute("data-bin", "5");
    expect(a.querySelector("title")?.textContent).toBe("A구 1,000원");
    expect(screen.getByRole("img", { name: "B구 0원" })).toHaveAttribute("data-bin", "0");
    expect(screen.getByRole("img", { name: /C구/ })).toHaveAttribute("data-bin", "none");
    expect(screen.getByRole("group", { name: "구별 순판매액" })).toBeInTheDocument();

    await userEvent.tab();
    expect(a).toHaveFocus();

    const table = screen.getByRole("table", { name: "구별 순판매액" });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((row) => row.textContent)).toEqual(["항목순판매액", "A구1,000원", "B구0원", "C구수치 없음"]);
  });
});
