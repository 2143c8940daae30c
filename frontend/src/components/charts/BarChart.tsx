// Shared by every page with figures (agency performance, reports). A horizontal bar chart in SVG, small enough to need no chart library: one row per bar (its label, the bar, its
// value), an optional target line, and the same figures as a table for anyone who cannot see the picture (or
// wants the exact numbers). The SVG is drawn in a 360-unit-wide box, so a phone shows its text at about its size.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ChartData } from "./ChartData";
import "./charts.css";

export interface Bar {
  key: string;
  label: string;
  value: number;
}

export const WIDTH = 360;
const LABEL = 108;
const VALUE = 84;
const GAP = 6;
const ROW = 28;
const BAR = 16;
const LABEL_CHARS = 7; // what fits in LABEL at the chart's type size; the table has the whole name
const TRACK = WIDTH - LABEL - VALUE - 2 * GAP;

export interface Layout {
  rows: { bar: Bar; y: number; width: number }[];
  height: number;
  /** The target's x position in the bar area, when there is a target. */
  targetX: number | null;
}

/**
 * Where each bar goes: widths in proportion to the largest of the values and the target (a bar of 0 draws
 * nothing; negative values, a year's refunds beyond its purchases, draw as 0 but keep their figure).
 */
export function layoutBars(bars: readonly Bar[], target?: number | null): Layout {
  const scale = Math.max(0, target ?? 0, ...bars.map((bar) => bar.value));
  const x = (value: number) => (scale > 0 ? (Math.max(0, value) / scale) * TRACK : 0);
  return {
    rows: bars.map((bar, index) => ({ bar, y: index * ROW, width: x(bar.value) })),
    height: Math.max(1, bars.length) * ROW,
    targetX: target != null && target > 0 ? x(target) : null,
  };
}

interface Props {
  title: string;
  bars: readonly Bar[];
  format: (value: number) => string;
  /** A shorter figure for the picture (the table keeps `format`'s). */
  compact?: (value: number) => string;
  /** Drawn as a dashed line across the bars (e.g. the target amount), and named in the legend and table. */
  target?: { value: number; label: string } | null;
  /** The table's header for the figures' column. */
  valueHeader: string;
}

export function BarChart({ title, bars, format, compact = format, target, valueHeader }: Props) {
  const { t } = useTranslation("common");
  const id = useId();
  const layout = layoutBars(bars, target?.value);
  const summary = bars.map((bar) => `${bar.label} ${format(bar.value)}`).join(", ");
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <svg
        className="bar-chart"
        viewBox={`0 0 ${WIDTH} ${layout.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
        focusable="false"
      >
        <desc id={`${id}-summary`}>
          {target ? `${summary}. ${target.label} ${format(target.value)}` : summary}
        </desc>
        {layout.rows.map(({ bar, y, width }) => (
          <g key={bar.key} transform={`translate(0 ${y})`}>
            <text x={LABEL - GAP} y={ROW / 2} dominantBaseline="middle" textAnchor="end">
              {bar.label.length > LABEL_CHARS ? `${bar.label.slice(0, LABEL_CHARS - 1)}…` : bar.label}
            </text>
            <rect className="bar-chart__bar--track" x={LABEL} y={(ROW - BAR) / 2} width={TRACK} height={BAR} />
            {width > 0 && <rect className="bar-chart__bar--counted" x={LABEL} y={(ROW - BAR) / 2} width={width} height={BAR} />}
            <text x={WIDTH} y={ROW / 2} dominantBaseline="middle" textAnchor="end">
              {compact(bar.value)}
            </text>
          </g>
        ))}
        {layout.targetX != null && (
          <line
            className="bar-chart__bar--target"
            x1={LABEL + layout.targetX}
            x2={LABEL + layout.targetX}
            y1={0}
            y2={layout.height}
          />
        )}
      </svg>
      {target && (
        <ul className="chart-legend" aria-hidden="true">
          <li>
            <span className="chart-legend__swatch chart-legend__swatch--counted" />
            {valueHeader}
          </li>
          <li>
            <span className="chart-legend__swatch chart-legend__swatch--target" />
            {target.label}
          </li>
        </ul>
      )}
      <ChartData
        title={title}
        headers={[t("chart.item"), valueHeader]}
        rows={[
          ...bars.map((bar) => ({ key: bar.key, label: bar.label, cells: [format(bar.value)] })),
          ...(target ? [{ key: "target", label: target.label, cells: [format(target.value)] }] : []),
        ]}
      />
    </figure>
  );
}
