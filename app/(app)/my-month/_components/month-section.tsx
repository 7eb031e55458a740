import type { ReactNode } from 'react';

/** Lists this short or shorter are shown open; longer ones fold behind their summary. */
export const OPEN_UP_TO = 5;

/**
 * One part of "my month" (coverage, visits, ledger, disputes…) under a heading that carries its
 * counts, so a phone shows the whole month in a screen or two: a long list folds away behind its
 * summary, and a tap opens it with every row the counts come from.
 */
export function MonthSection({ id, title, summary, rows, children }: { id: string; title: string; summary: string; rows: number; children: ReactNode }) {
  return (
    <details id={id} open={rows <= OPEN_UP_TO} data-testid={`my-month-${id}`} data-rows={rows} style={{ marginTop: 16 }}>
      <summary style={{ cursor: 'pointer', minHeight: 44, display: 'list-item' }}>
        <h2 style={{ display: 'inline', margin: 0 }}>{title}</h2>
        <span className="muted small" data-testid={`my-month-${id}-summary`} style={{ display: 'block', marginLeft: 18 }}>
          {summary}
        </span>
      </summary>
      <div style={{ marginTop: 8 }}>{children}</div>
    </details>
  );
}
