import type { ReactNode } from 'react';

export interface FiguresColumn {
  header: ReactNode;
  /** Figures align right (the `num` cell class). */
  num?: boolean;
  title?: string;
}

export interface FiguresRow {
  key: string;
  cells: ReactNode[];
  testId?: string;
}

/**
 * A table of figures: a label column, then numbers. The shape of every small statistics table (a
 * chart's data table, a ranking), so each one states its columns and rows, not its markup.
 */
export function FiguresTable({ columns, rows, testId }: { columns: FiguresColumn[]; rows: FiguresRow[]; testId?: string }) {
  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} className={c.num ? 'num' : undefined} title={c.title}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={r.testId}>
            {r.cells.map((cell, i) => (
              <td key={i} className={columns[i]?.num ? 'num' : undefined}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
