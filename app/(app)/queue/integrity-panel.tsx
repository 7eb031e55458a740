import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { LastIntegrityRun } from '@/lib/integrity/audit';
import { describeProblem, ruleName, type Translate } from '@/lib/integrity/format';
import { INTEGRITY_RULES, problemHref } from '@/lib/integrity/rules';
import { IntegrityRunButton } from './integrity-run-button';

/** How many of the stored problems the panel lists (the CLI lists them all). */
const SHOWN = 10;

/** 数据完整性核查: the last audit run — when, clean or how many problems by rule, the first ones with links. */
export async function IntegrityPanel({ run }: { run: LastIntegrityRun | null }) {
  const [t, root, format] = await Promise.all([getTranslations('integrity.panel'), getTranslations(), getFormatter()]);
  const translate: Translate = (key, params) => (root.has(key as never) ? root(key as never, params as never) : key);
  return (
    <div className="card" style={{ marginTop: 16 }} data-testid="integrity-panel">
      <h2 style={{ marginTop: 0 }}>{t('title')}</h2>
      <IntegrityRunButton labels={{ run: t('runNow'), requested: t('requested') }} />
      {!run ? (
        <p className="muted" data-testid="integrity-never">
          {t('never')}
        </p>
      ) : (
        <>
          <p className="muted small" data-testid="integrity-last-run">
            {t('lastRun', {
              time: format.dateTime(run.finishedAt, { dateStyle: 'short', timeStyle: 'medium' }),
              trigger: t(`trigger.${run.trigger}` as never),
              scope: run.month ?? t('allMonths'),
            })}
          </p>
          {run.problemCount === 0 ? (
            <p className="alert ok" data-testid="integrity-clean">
              {t('clean')}
            </p>
          ) : (
            <>
              <p className="alert error" data-testid="integrity-problems">
                <strong>{t('problems', { count: run.problemCount })}</strong>
              </p>
              <table className="data" data-testid="integrity-by-rule">
                <thead>
                  <tr>
                    <th>{t('rule')}</th>
                    <th className="num">{t('count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {INTEGRITY_RULES.filter((r) => run.counts[r] > 0).map((r) => (
                    <tr key={r}>
                      <td title={translate(`integrity.rules.${r}.description`)}>{ruleName(r, translate)}</td>
                      <td className="num" data-testid={`integrity-count-${r}`}>
                        {run.counts[r]}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>{t('first', { count: Math.min(SHOWN, run.problems.length) })}</h3>
              <ul data-testid="integrity-first">
                {run.problems.slice(0, SHOWN).map((p) => {
                  const href = problemHref(p);
                  return (
                    <li key={`${p.rule}:${p.entityType}:${p.entityId}`}>
                      <span className="badge warn">{ruleName(p.rule, translate)}</span> {describeProblem(p, translate)}{' '}
                      {href && <Link href={href}>{t('open')}</Link>}
                    </li>
                  );
                })}
              </ul>
              {run.truncated && <p className="muted small">{t('truncated')}</p>}
            </>
          )}
        </>
      )}
    </div>
  );
}
