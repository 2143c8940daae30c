// A choropleth in SVG (no map library): each area a focusable path named by its title and figure, filled by the
// colour step of its value (equal steps from 0 to the largest, zero and "no figure" apart); a legend of the steps;
// the area under the pointer or focus named in a status line; and the same figures as a table for anyone who
// cannot see the map or wants the exact numbers. The geometry comes projected (geo.ts projectFeatures).
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ChartData } from "./ChartData";
import { binBounds, binOf, type Projection } from "./geo";
import "./charts.css";
import "./choropleth.css";

export interface AreaValue {
  code: string;
  /** The name shown for the area (in the reader's language). */
  label: string;
  /** null: no figure for this area (e.g. outside the reader's scope). */
  value: number | null;
}

interface Props {
  title: string;
  projection: Projection;
  values: readonly AreaValue[];
  format: (value: number) => string;
  /** The table's header for the figures' column. */
  valueHeader: string;
  /** An area drawn with a stronger outline (e.g. the district in view). */
  selected?: string | null;
}

export function Choropleth({ title, projection, values, format, valueHeader, selected }: Props) {
  const { t } = useTranslation("common");
  const id = useId();
  const [active, setActive] = useState<string | null>(null);
  const byCode = new Map(values.map((area) => [area.code, area]));
  const bounds = binBounds(values.flatMap((area) => (area.value == null ? [] : [area.value])));
  const described = (code: string) => {
    const area = byCode.get(code);
    return area?.value != null ? `${area.label} ${format(area.value)}` : `${area?.label ?? code} ${t("chart.noFigure")}`;
  };
  const hasNone = values.some((area) => area.value == null);
  const steps = [0, ...bounds.map((_, index) => index + 1)];
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <svg
        className="choropleth"
        viewBox={`0 0 ${projection.width} ${projection.height}`}
        role="group"
        aria-labelledby={`${id}-title`}
      >
        {projection.areas.map((area) => {
          const bin = binOf(byCode.get(area.code)?.value, bounds);
          const name = described(area.code);
          return (
            <path
              key={area.code}
              d={area.d}
              className={`choropleth__area choropleth-bin--${bin ?? "none"}${selected === area.code ? " choropleth__area--selected" : ""}`}
              tabIndex={0}
              role="img"
              aria-label={name}
              data-code={area.code}
              data-bin={bin ?? "none"}
              onFocus={() => setActive(area.code)}
              onBlur={() => setActive(null)}
              onMouseEnter={() => setActive(area.code)}
              onMouseLeave={() => setActive(null)}
            >
              <title>{name}</title>
            </path>
          );
        })}
      </svg>
      <p className="choropleth-status" aria-hidden="true">
        {active ? described(active) : "\u00a0"}
      </p>
      <ul className="chart-legend choropleth-legend" aria-label={t("chart.legend")}>
        {steps.map((step) => (
          <li key={step}>
            <span className={`choropleth-legend__swatch choropleth-bin--${step}`} />
            {step === 0
              ? t("chart.zeroOrLess")
              : t("chart.upTo", { from: format(bounds[step - 2] ?? 0), to: format(bounds[step - 1]!) })}
          </li>
        ))}
        {hasNone && (
          <li>
            <span className="choropleth-legend__swatch choropleth-bin--none" />
            {t("chart.noFigure")}
          </li>
        )}
      </ul>
      <ChartData
        title={title}
        headers={[t("chart.item"), valueHeader]}
        rows={values.map((area) => ({
          key: area.code,
          label: area.label,
          cells: [area.value == null ? t("chart.noFigure") : format(area.value)],
        }))}
      />
    </figure>
  );
}
