import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { pct } from '@/app/_components/percent';
import type { ManagerSpotChecks } from '@/lib/spot-checks/reports';
import styles from './my-dashboard.module.css';

const RESULT_TONE = { on_site: 'ok', incomplete: 'warn', none: 'danger' } as const;

/**
 * 我的本月 · 电话抽查 (and, for staff and the unit's supervisor, the month report's page of one
 * manager: `forManager` false — no dispute form, an intro in the third person), phone first: the manager's 拜访到位率 of the month (未测 when nothing was
 * checked), each customer found not visited — planned time and place, the visit report filed that
 * day if any, what the day cost — with a way to dispute it, then each checked day's result.
 * A finding already disputed links to its dispute with its state; otherwise to the dispute form,
 * which says when it can no longer be disputed.
 */
export async function MySpotChecksView({ d, forManager = true }: { d: ManagerSpotChecks; forManager?: boolean }) {
  const [t, tr, td, tc, format] = await Promise.all([
    getTranslations('spotCheckReports.my'),
    getTranslations('spotCheckReports'),
    getTranslations('disputes.states'),
    getTranslations('common.visitType'),
    getFormatter(),
  ]);
  const dayOf = new Map(d.checkedDays.map((x) => [x.spotCheckId, x]));
  const time = (at: Date) => format.dateTime(at, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const checked = d.checkedDays.length > 0;

  return (
    <div data-testid="my-spot-checks">
      <p className="muted small">{forManager ? t('intro') : t('introStaff')}</p>
      <p className={styles.sentence} data-testid="my-spot-rate" data-value={d.rate.value ?? ''}>
        {t('rate')}：
        {d.rate.value === null ? (
          <span className="muted" title={tr('notMeasuredReason')}>
            {tr('notMeasured')}
          </span>
        ) : (
          <>
            {pct(d.rate.value)} <span className="muted small">{tr('rateOf', { onSite: d.rate.numerator, days: d.rate.denominator })}</span>
          </>
        )}
      </p>
      {!checked ? (
        <p className="muted" data-testid="my-spot-none">
          {forManager ? t('none') : t('noneStaff')}
        </p>
      ) : (
        <>
          <h3>{t('findingsTitle')}</h3>
          {d.notVisited.length === 0 ? (
            <p className="muted" data-testid="my-spot-findings-none">
              {t('findingsNone')}
            </p>
          ) : (
            <ul className={styles.list} data-testid="my-spot-findings">
              {d.notVisited.map((f) => {
                const day = dayOf.get(f.spotCheckId);
                return (
                  <li key={f.spotCheckItemId} data-testid="my-spot-finding" data-item={f.spotCheckItemId} style={{ display: 'block' }}>
                    <div>
                      <span className={styles.name}>{f.customerName}</span> <span className="muted small">{f.groupCode}</span>
                    </div>
                    <div className="small">
                      {t('plannedAt')}：<span data-testid="my-spot-planned">{time(f.plannedAt)}</span>
                      {f.place && (
                        <span className="muted">
                          {' '}
                          · {t('place')}：{f.place}
                        </span>
                      )}
                    </div>
                    <div className="small" data-testid="my-spot-matched">
                      {t('matched')}：
                      {f.matchedVisit ? (
                        <Link href={`/visits/${f.matchedVisit.id}`}>{t('matchedVisit', { time: time(f.matchedVisit.visitedAt), type: tc(f.matchedVisit.type) })}</Link>
                      ) : (
                        <span className="muted">{t('noMatch')}</span>
                      )}
                    </div>
                    <div className="small">
                      {day?.result && <span className={`badge ${RESULT_TONE[day.result]}`}>{tr(`result.${day.result}`)}</span>}{' '}
                      <span data-testid="my-spot-finding-yuan">{t('dayYuan', { yuan: day?.yuan ?? 0 })}</span>{' '}
                      <span className="muted">{t('dayOf', { day: f.day })}</span>
                    </div>
                    <div className="small" data-testid="my-spot-dispute">
                      {f.dispute ? (
                        <Link href={`/disputes/${f.dispute.id}`} className="badge">
                          {t('disputeState', { state: td(f.dispute.state) })}
                        </Link>
                      ) : forManager ? (
                        <Link href={`/disputes/new?spotCheckItem=${f.spotCheckItemId}`} data-testid="my-spot-dispute-link">
                          {t('disputeIt')}
                        </Link>
                      ) : (
                        <span className="muted">{t('notDisputed')}</span>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}

          <h3>{t('daysTitle')}</h3>
          <ul className={styles.list} data-testid="my-spot-days">
            {d.checkedDays.map((x) => (
              <li key={x.spotCheckId} data-testid="my-spot-day" data-day={x.day} data-result={x.result ?? 'open'}>
                <span className={styles.name}>{x.day}</span>
                <span className={`badge ${x.result ? RESULT_TONE[x.result] : ''}`}>{tr(`result.${x.result ?? 'open'}`)}</span>
                <span className="small">{t('dayCustomers', { customers: x.customers, visited: x.visited, notVisited: x.notVisited, unreachable: x.unreachable, unverified: x.unverified, pending: x.pending })}</span>
                {x.yuan !== 0 && <span className="small">{t('dayYuan', { yuan: x.yuan })}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
