'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';

/**
 * On a phone a list table is shown as cards (app/globals.css, `table.data` under 768 px): each
 * cell then needs its column's name beside it. This labels every cell of every `table.data` from
 * its header — once per page and again when a table changes (paging, live updates) — so pages keep
 * writing plain tables. A table with `keep-table` stays a table and scrolls inside its own box.
 */
function label(root: ParentNode) {
  root.querySelectorAll<HTMLTableElement>('table.data:not(.keep-table)').forEach((table) => {
    const headers = [...table.querySelectorAll('thead tr:last-child th')].map((th) => th.textContent?.trim() ?? '');
    if (headers.length === 0) return;
    // Totals (tfoot) too: a 合计 card reads like the others.
    table.querySelectorAll<HTMLTableRowElement>('tbody tr, tfoot tr').forEach((row) => {
      let column = 0;
      for (const cell of [...row.cells]) {
        const text = headers[column] ?? '';
        if (cell.getAttribute('data-label') !== text) cell.setAttribute('data-label', text);
        column += cell.colSpan || 1;
      }
    });
  });
}

export function TableLabels() {
  const pathname = usePathname();
  useEffect(() => {
    label(document);
    const observer = new MutationObserver(() => label(document));
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [pathname]);
  return null;
}
