/** The text alternative of a chart: its data as a table, folded under "show as a table". */
import type { ReactNode } from 'react';

export interface ChartTableProps {
  /** The summary line that unfolds the table. */
  toggle: string;
  /** The table's caption, read by screen readers. */
  caption: string;
  columns: string[];
  /** One row per entry: a key, its heading cell and its data cells. */
  rows: { key: string; heading: ReactNode; cells: ReactNode[] }[];
}

export function ChartTable({ toggle, caption, columns, rows }: ChartTableProps) {
  return (
    <details>
      <summary>{toggle}</summary>
      <div className="table-wrap">
        <table className="case-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.heading}</th>
                {row.cells.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
