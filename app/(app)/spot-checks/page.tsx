import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { addDays } from '@/lib/calling/calendar';
import { spotCheckDay, type SpotCheckCallbackView, type SpotCheckItemView } from '@/lib/spot-checks/day-view';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { FlagsPanel, type FlagItem } from './flags-panel';

type SearchParams = Record<string, string | string[] | undefined>;

const RESULT_TONE = { on_site: 'ok', incomplete: 'warn', none: 'danger' } as const;
const FINDING_TONE = { visited: 'ok', not_visited: 'danger', unreachable: 'info', unverified: '' } as const;

/**
 * 电话抽查 for staff: a day's checked managers, each customer called with the callback's state,
 * the finding and the report of the day beside it, the day's result and penalty; and the open
 * 建议调离 flags, each cleared with a reason.
 */
export default async function SpotChecksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('staff', 'admin');
  const sp = await searchParams;
  const asked = typeof sp.day === 'string' && sp.day !== '' ? sp.day : undefined;
  const view = await pageLoad(() => spotCheckDay({ ctx, input: { day: asked } }));
  const [t, tc, format] = await Promise.all([getTranslations('spotCheckResults'), getTranslations('callbacks'), getFormatter()]);
  const time = (d: Date) => format.dateTime(d, { hour: '2-digit', minute: '2-digit' });
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });

  const callbackText = (cb: SpotCheckCallbackView | null): string => {
    if (!cb) return t('callback.none');
    switch (cb.state) {
      case 'waiting':
      case 'ready':
      case 'held':
        return t(`callback.${cb.state}`);
      case 'unreachable':
        return t('callback.unreachable', { attempts: cb.attempts });
      case 'cancelled':
        return cb.expired ? t('callback.expired') : t('callback.cancelled');
      case 'closed':
        if (cb.outcome === 'completed' && cb.result) return t(cb.result === 'valid' ? 'callback.completedValid' : 'callback.completedInvalid');
        return t('callback.closed', { outcome: cb.outcome && tc.has(`outcomes.${cb.outcome}`) ? tc(`outcomes.${cb.outcome}`) : '—' });
    }
  };
  const open = (cb: SpotCheckCallbackView | null) => cb !== null && (cb.state === 'waiting' || cb.state === 'ready' || cb.state === 'held');

  const counts = { on_site: 0, incomplete: 0, none: 0, open: 0 };
  for (const m of view.managerDays) counts[m.result ?? 'open']++;
  const yuan = view.managerDays.reduce((n, m) => n + m.chargedYuan, 0);
  const flags: FlagItem[] = view.flags.map((f) => ({
    id: f.id,
    managerName: f.managerName,
    managerUsername: f.managerUsername,
    unitName: f.unitName,
    line: t('flags.line', { count: f.count, threshold: f.threshold, days: f.windowDays, raised: format.dateTime(f.raisedAt, { dateStyle: 'medium' }) }),
  }));

  const itemRow = (i: SpotCheckItemView) => (
    <tr key={i.id} data-testid="spot-check-item">
      <td>
        {i.customerName}
        <div className="muted small">{i.customerCode}</div>
      </td>
      <td>{time(i.plannedAt)}</td>
      <td>
        {callbackText(i.callback)}
        {i.callback && open(i.callback) && (
          <div className="muted small">
            {t('callback.attempts', { attempts: i.callback.attempts })}
            {i.callback.dueBy && ` · ${t('callback.dueBy', { time: dateTime(i.callback.dueBy) })}`}
          </div>
        )}
        {i.callback?.state === 'cancelled' && !i.callback.expired && i.callback.cancelReason && <div className="muted small">{i.callback.cancelReason}</div>}
        {i.recheck && <div className="muted small">{t('recheck', { state: callbackText(i.recheck) })}</div>}
      </td>
      <td>
        {i.finding ? <span className={`badge ${FINDING_TONE[i.finding]}`}>{t(`finding.${i.finding}`)}</span> : <span className="muted">{t('finding.open')}</span>}
        {i.dispute && (
          <div className="small">
            <Link href={`/disputes/${i.dispute.id}`}>{t(`dispute.${i.dispute.state}`)}</Link>
          </div>
        )}
      </td>
      <td>
        {i.matchedVisit ? (
          <>
            <Link href={`/visits/${i.matchedVisit.id}`}>{t('matched', { time: time(i.matchedVisit.visitedAt), type: t(`visitType.${i.matchedVisit.type}`) })}</Link>
            <div className="muted small">{t('matchedReported', { time: dateTime(i.matchedVisit.reportedAt) })}</div>
          </>
        ) : (
          <span className="muted">{t('noMatch')}</span>
        )}
      </td>
    </tr>
  );

  return (
    <section>
      <h1>
        {t('title')} · {view.day}
      </h1>
      <p className="muted small">{t('intro')}</p>
      <form method="get" action="/spot-checks" className="toolbar" data-testid="spot-check-day-picker">
        <label>
          {t('day')}
          <input type="date" name="day" defaultValue={view.day} data-testid="spot-check-day" />
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      <p className="row small">
        <Link href={`/spot-checks?day=${addDays(view.day, -1)}`}>{t('prevDay')}</Link>
        {view.day !== view.today && <Link href="/spot-checks">{t('today')}</Link>}
        <Link href={`/spot-checks?day=${addDays(view.day, 1)}`}>{t('nextDay')}</Link>
      </p>

      <h2>{t('flags.title')}</h2>
      <p className="muted small">{t('flags.intro')}</p>
      <FlagsPanel flags={flags} />

      <h2>{view.day}</h2>
      {view.decided === 0 ? (
        <p className="muted" data-testid="spot-check-summary">
          {t('summaryNone', { day: view.day })}
        </p>
      ) : (
        <>
          <p data-testid="spot-check-summary">{t('summary', { day: view.day, decided: view.decided, checked: view.checked })}</p>
          {view.checked > 0 ? (
            <p className="muted" data-testid="spot-check-totals">
              {t('totals', { onSite: counts.on_site, incomplete: counts.incomplete, none: counts.none, open: counts.open, yuan })}
            </p>
          ) : (
            <p className="muted">{t('noneChecked')}</p>
          )}
        </>
      )}
      {view.managerDays.map((m) => (
        <div key={m.id} className="card" data-testid="spot-check-manager-day">
          <div className="row space-between">
            <div>
              <strong>{m.managerName}</strong> <span className="muted">({m.managerUsername})</span>
              {m.unitName && <span className="muted"> · {m.unitName}</span>}
            </div>
            <div className="row">
              <span className={`badge ${m.result ? RESULT_TONE[m.result] : 'info'}`} data-testid="spot-check-result">
                {t(`result.${m.result ?? 'open'}`)}
              </span>
              {m.result && m.findings > 0 && <span className="small">{t('findingsCount', { count: m.findings })}</span>}
              <span className="small" data-testid="spot-check-penalty">
                {m.penaltyYuan > 0 ? t('penalty', { yuan: m.penaltyYuan }) : t('penaltyNone')}
              </span>
            </div>
          </div>
          {m.chargedYuan !== m.penaltyYuan && (
            <p className="alert warn small" role="status">
              {t('ledgerDiffers', { yuan: m.chargedYuan })}
            </p>
          )}
          <table className="data" style={{ marginTop: 12 }}>
            <thead>
              <tr>
                <th>{t('columns.customer')}</th>
                <th>{t('columns.plannedAt')}</th>
                <th>{t('columns.callback')}</th>
                <th>{t('columns.finding')}</th>
                <th>{t('columns.matched')}</th>
              </tr>
            </thead>
            <tbody>{m.items.map(itemRow)}</tbody>
          </table>
          {m.evaluatedAt && <p className="muted small">{t('evaluatedAt', { time: dateTime(m.evaluatedAt) })}</p>}
        </div>
      ))}
    </section>
  );
}
