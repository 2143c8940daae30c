// A column chart over time in SVG (no chart library): one column per period, what was sold rising from the zero line
// and what was given back (refunds) falling below it, so a period of refunds only still shows; a few period labels
// under the axis; and the same figures as a table (period, up, down, net) for anyone who cannot see the picture or
// wants the exact numbers. The SVG is drawn in a 360-unit-wide box, so a phone shows its text at about its size;
// the columns narrow as periods are added (a chart of 1,000 days is a silhouette; the table has every day).
import { useId } from "react";
import { ChartData } from "./ChartData";
import "./charts.css";
import "./columnChart.css";

export interface Column {
  key: string;
  /** The period's name in the table (e.g. "2026년 6월 1일 주"). */
  label: string;
  /** A short name under the axis (e.g. "6/1"). */
  tick: string;
  up: number;
  down: number;
}

export const WIDTH = 360;
export const PLOT_HEIGHT = 160;
const AXIS_LEFT = 56; // room for the scale's figures
const TICK_ROW = 20;
const TOP = 8;
const MAX_TICKS = 6; // labels that fit under 300 units at the chart's type size

export interface ColumnLayout {
  columns: { column: Column; x: number; width: number; upY: number; upHeight: number; downHeight: number }[];
  /** The zero line's y. */
  zeroY: number;
  height: number;
  /** The largest figure above and below the line (the scale's ends). */
  top: number;
  bottom: number;
  /** Indexes of the columns whose tick is written under the axis: evenly spaced, the first always. */
  ticks: number[];
}

/** Where each column goes: heights in proportion to the largest figure up or down, both drawn to one scale. */
export function layoutColumns(columns: readonly Column[]): ColumnLayout {
  const top = Math.max(0, ...columns.map((column) => column.up));
  const bottom = Math.max(0, ...columns.map((column) => column.down));
  const range = top + bottom;
  const scale = (value: number) => (range > 0 ? (Math.max(0, value) / range) * PLOT_HEIGHT : 0);
  const zeroY = TOP + (range > 0 ? (top / range) * PLOT_HEIGHT : PLOT_HEIGHT);
  const step = (WIDTH - AXIS_LEFT) / Math.max(1, columns.length);
  const width = Math.max(0.5, step * (step > 4 ? 0.7 : 1));
  const every = Math.max(1, Math.ceil(columns.length / MAX_TICKS));
  return {
    columns: columns.map((column, index) => {
      const upHeight = scale(column.up);
      return {
        column,
        x: AXIS_LEFT + index * step + (step - width) / 2,
        width,
        upY: zeroY - upHeight,
        upHeight,
        downHeight: scale(column.down),
      };
    }),
    zeroY,
    height: TOP + PLOT_HEIGHT + TICK_ROW,
    top,
    bottom,
    ticks: columns.map((_, index) => index).filter((index) => index % every === 0),
  };
}

interface Props {
  title: string;
  columns: readonly Column[];
  format: (value: number) => string;
  /** A shorter figure for the picture's scale (the table keeps `format`'s). */
  compact?: (value: number) => string;
  /** The table's headers: the period, what rises, what falls, and (when given) up − down. */
  periodHeader: string;
  upLabel: string;
  downLabel: string;
  netLabel?: string;
}

export function ColumnChart({ title, columns, format, compact = format, periodHeader, upLabel, downLabel, netLabel }: Props) {
  const id = useId();
  const layout = layoutColumns(columns);
  const upTotal = columns.reduce((sum, column) => sum + column.up, 0);
  const downTotal = columns.reduce((sum, column) => sum + column.down, 0);
  const first = columns[0];
  const last = columns[columns.length - 1];
  const summary =
    first && last
      ? `${first.label} – ${last.label}: ${upLabel} ${format(upTotal)}, ${downLabel} ${format(downTotal)}`
      : title;
  const tickY = layout.height - 4;
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <svg
        className="column-chart"
        viewBox={`0 0 ${WIDTH} ${layout.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
        focusable="false"
      >
        <desc id={`${id}-summary`}>{summary}</desc>
        <text x={AXIS_LEFT - 6} y={TOP + 10} textAnchor="end">
          {compact(layout.top)}
        </text>
        {layout.bottom > 0 && (
          <text x={AXIS_LEFT - 6} y={TOP + PLOT_HEIGHT} textAnchor="end">
            {compact(-layout.bottom)}
          </text>
        )}
        {layout.columns.map(({ column, x, width, upY, upHeight, downHeight }) => (
          <g key={column.key}>
            {upHeight > 0 && <rect className="column-chart__up" x={x} y={upY} width={width} height={upHeight} />}
            {downHeight > 0 && (
              <rect className="column-chart__down" x={x} y={layout.zeroY} width={width} height={downHeight} />
            )}
          </g>
        ))}
        <line className="column-chart__zero" x1={AXIS_LEFT} x2={WIDTH} y1={layout.zeroY} y2={layout.zeroY} />
        {layout.ticks.map((index) => {
          const placed = layout.columns[index]!;
          return (
            <text key={placed.column.key} x={placed.x + placed.width / 2} y={tickY} textAnchor="middle">
              {placed.column.tick}
            </text>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-hidden="true">
        <li>
          <span className="chart-legend__swatch chart-legend__swatch--counted" />
          {upLabel}
        </li>
        <li>
          <span className="chart-legend__swatch chart-legend__swatch--down" />
          {downLabel}
        </li>
      </ul>
      <ChartData
        title={title}
        headers={netLabel ? [periodHeader, upLabel, downLabel, netLabel] : [periodHeader, upLabel, downLabel]}
        rows={columns.map((column) => ({
          key: column.key,
          label: column.label,
          cells: [
            format(column.up),
            format(column.down),
            ...(netLabel ? [format(column.up - column.down)] : []),
          ],
        }))}
      />
    </figure>
  );
}
