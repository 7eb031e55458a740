import { getTranslations } from 'next-intl/server';

/**
 * 「导出 Excel」「导出 CSV」 beside a list: the list's current filters go along in the URL, so the file
 * has every row the list would show on all its pages. The export route checks role and scope again.
 */
export async function ExportLinks({
  kind,
  filters,
  testId = 'export',
  formats = ['xlsx', 'csv'],
}: {
  kind: string;
  filters: Record<string, string | undefined | null>;
  testId?: string;
  /** Only these (a page that already offers the Excel file its own way shows the CSV alone). */
  formats?: readonly ('xlsx' | 'csv')[];
}) {
  const t = await getTranslations('exports.links');
  const href = (format: 'xlsx' | 'csv') => {
    const query = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
    return `/api/exports/${kind}?${query.toString()}`;
  };
  return (
    <span className="row small" title={t('hint')} data-testid={testId}>
      {formats.map((format) => (
        <a key={format} className="link-button" href={href(format)} download data-testid={`${testId}-${format}`}>
          {t(format)}
        </a>
      ))}
    </span>
  );
}
