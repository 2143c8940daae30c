// Every chart's figures as a table, folded under the picture: for anyone who cannot see the picture, or wants the
// exact numbers. The first column names the row (a row header); the others are figures, right-aligned.
import { useTranslation } from "react-i18next";

export interface ChartDataRow {
  key: string;
  label: string;
  cells: readonly string[];
}

interface Props {
  /** The chart's title: the table's caption and its summary's name. */
  title: string;
  /** The rows' header, then one header per figure column. */
  headers: readonly [string, ...string[]];
  rows: readonly ChartDataRow[];
}

export function ChartData({ title, headers, rows }: Props) {
  const { t } = useTranslation("common");
  const [itemHeader, ...figureHeaders] = headers;
  return (
    <details className="chart__data">
      <summary>{t("chart.table", { title })}</summary>
      <div className="table-scroll">
        <table className="chart-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{itemHeader}</th>
              {figureHeaders.map((header) => (
                <th key={header} scope="col" className="chart-num">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, index) => (
                  <td key={index} className="chart-num">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
