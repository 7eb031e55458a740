import { getFormatter, getTranslations } from 'next-intl/server';
import type { getVisitVerdict } from '@/lib/verdicts/queries';
import { findingName, findingText, verdictText, type RootTranslator } from '@/lib/visits/verdict-text';
import { VerdictBadge } from '../../assessment/_components/month-view';

/**
 * A visit's verdict (and why), its versions and its data-check findings, for whoever may see the
 * visit. A manager sees the verdict once published; staff see every version.
 */
export async function VisitVerdict({ data }: { data: Awaited<ReturnType<typeof getVisitVerdict>> }) {
  const [t, root, format] = await Promise.all([getTranslations('assessment'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const current = data.current;
  return (
    <div className="card" data-testid="visit-verdict">
      <h2 style={{ marginTop: 0 }}>{t('visitCard.title')}</h2>
      {!current ? (
        <p className="muted" data-testid="visit-verdict-none">
          {data.unpublished ? t('verdicts.notPublished') : t('verdicts.none')}
        </p>
      ) : (
        <>
          <p>
            <VerdictBadge status={current.status} label={t(`verdicts.status.${current.status}`)} />{' '}
            <span className="muted small">{current.final ? t('verdicts.final') : t('verdicts.provisional')}</span>
          </p>
          <p data-testid="visit-verdict-reason">
            {t('verdicts.why')}: {verdictText(tr, current)}
          </p>
          {data.underReview && <p className="alert warn">{t('verdicts.underReview')}</p>}
        </>
      )}
      <h3>{t('checks.title')}</h3>
      {data.findings.length === 0 ? (
        <p className="muted">{t('checks.none')}</p>
      ) : (
        <ul data-testid="visit-findings">
          {data.findings.map((f) => (
            <li key={f.code} data-code={f.code}>
              <span className={`badge ${f.severity === 'invalidating' ? 'danger' : 'warn'}`}>{t(`checks.severity.${f.severity}`)}</span> <strong>{findingName(tr, f.code)}</strong>: {findingText(tr, f)}
            </li>
          ))}
        </ul>
      )}
      {data.history.length > 1 && (
        <>
          <h3>{t('verdicts.history')}</h3>
          <table className="data" data-testid="visit-verdict-history">
            <thead>
              <tr>
                <th className="num">{t('verdicts.version')}</th>
                <th>{t('verdicts.current')}</th>
                <th>{t('verdicts.why')}</th>
                <th>{t('verdicts.cause')}</th>
                <th>{t('verdicts.decidedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {data.history.map((v) => (
                <tr key={v.version}>
                  <td className="num">{v.version}</td>
                  <td>{t(`verdicts.status.${v.status}`)}</td>
                  <td>{verdictText(tr, v)}</td>
                  <td>{t(`verdicts.causes.${v.cause}` as 'verdicts.causes.close')}</td>
                  <td>{when(v.decidedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
