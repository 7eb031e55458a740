import type { ErrorParams } from '@/lib/platform/core/errors';
import { DEFAULT_LOCALE, type Locale } from '@/lib/platform/i18n/config';
import { translateError } from '@/lib/platform/i18n/translate';
import type { ImportKind } from './kinds';
import { columnLabel } from './template';

/**
 * One problem of an import as people read it — on the import page, in the XLSX error list and
 * from the CLI: the spreadsheet row (blank for the file as a whole), the column by the header the
 * file uses, the message from the catalogue.
 */
export function describeIssue(
  kind: ImportKind,
  issue: { rowNumber: number; column?: string | null; code: string; params?: ErrorParams | null; value?: string | null },
  locale: Locale = DEFAULT_LOCALE,
): { row: number | null; column: string; value: string; problem: string } {
  return {
    row: issue.rowNumber > 0 ? issue.rowNumber : null,
    column: issue.column ? columnLabel(kind, issue.column, locale) : '',
    value: issue.value ?? '',
    problem: translateError(issue.code, issue.params ?? {}, locale),
  };
}
