import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { queueOverview } from '@/lib/callbacks/queries';
import { CAMPAIGN_KINDS } from '@/lib/campaigns/kinds';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { AutoRefresh } from './_components/auto-refresh';
import { LiveRefresh } from '@/app/_components/live-refresh';
import { PauseControl } from './_components/pause-control';
import { TaskReasonButton } from '@/app/_components/task-reason-button';
import { pullBackAction } from './actions';
import { IntegrityPanel } from './integrity-panel';
import { ExportLinks } from '@/app/_components/export-links';
import { lastIntegrityRun } from '@/lib/integrity/audit';
import { StatTiles } from '@/app/_components/stat-tiles';

const STATES = ['waiting', 'ready', 'held', 'closed', 'unreachable', 'cancelled'] as const;

/** 回访队列: staff see the queue move, who is working what, and can pull work back or pause. */
export default async function QueuePage() {
  const ctx = await pageCtx('staff', 'admin');
  const [q, integrity] = await Promise.all([pageLoad(() => queueOverview({ ctx })), pageLoad(() => lastIntegrityRun({ ctx }))]);
  const [t, ts, tk, format] = await Promise.all([getTranslations('callbacks.queue'), getTranslations('callbacks.states'), getTranslations('callbacks.preview.kind'), getFormatter()]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'medium' });
  const tiles = [
    { label: t('dueNow'), value: q.dueNow, testId: 'queue-due-now' },
    { label: t('waitingForWindow'), value: q.waitingForWindow, testId: 'queue-waiting-window' },
    { label: t('scheduled'), value: q.scheduled, testId: 'queue-scheduled' },
    { label: t('held'), value: q.byState.held, testId: 'queue-held' },
    { label: t('dueTimersPending'), value: q.dueTimersPending, testId: 'queue-due-timers' },
  ];

  return (
    <section>
      {/* Counts change as agents work: pushed (at most once a second), the 15 s poll as a fallback. */}
      <LiveRefresh topic="queue" />
      <AutoRefresh seconds={15} />
      <div className="row space-between">
        <h1>{t('title')}</h1>
        <span className="muted small">
          <Link href="/queue/manual" title={t('manualHint')} data-testid="queue-manual-link">
            {t('manualLink')}
          </Link>{' '}
          · {t('refreshed')}
        </span>
      </div>
      {/* This month's callback results (every attempt, with answers and score). */}
      <ExportLinks kind="callback-results" filters={{}} testId="callback-results-export" />

      <div className="card" data-testid="queue-control">
        {q.paused ? (
          <p className="alert warn" data-testid="queue-paused">
            <strong>{t('paused', { reason: q.pauseReason || '—' })}</strong>
            {q.pausedAt && (
              <span className="small">
                {' '}
                · {t('pausedBy', { by: q.pausedBy ?? '—', at: when(q.pausedAt) })}
              </span>
            )}
          </p>
        ) : (
          <p className="alert ok" data-testid="queue-running">
            {t('running')}
          </p>
        )}
        <p className="muted small">
          {q.withinHours
            ? t('withinHours')
            : q.nextOpening
              ? t('outsideHours', { opening: format.dateTime(q.nextOpening, { dateStyle: 'full', timeStyle: 'short' }) })
              : t('outsideHours', { opening: '—' })}
          {q.nextScheduled && ` · ${t('nextScheduled', { time: when(q.nextScheduled) })}`}
        </p>
        <PauseControl paused={q.paused} />
      </div>

      <StatTiles tiles={tiles} minWidth={150} gapBelow={16} />

      <h2>{t('agentsOnline')}</h2>
      <p className="muted small">{t('agentsHint', { seconds: q.leaseSeconds })}</p>
      {q.agentsOnline.length === 0 ? (
        <p className="muted" data-testid="queue-no-agents">
          {t('noAgents')}
        </p>
      ) : (
        <table className="data" data-testid="queue-agents">
          <thead>
            <tr>
              <th>{t('agent')}</th>
              <th>{t('lastSeen')}</th>
              <th>{t('holding')}</th>
            </tr>
          </thead>
          <tbody>
            {q.agentsOnline.map((a) => (
              <tr key={a.agentId}>
                <td>
                  {a.name} <span className="muted">({a.username})</span>
                </td>
                <td>{when(a.lastSeenAt)}</td>
                <td>{a.task ? `${a.task.customerName} · ${a.task.customerClass}` : <span className="muted">{t('nothing')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('heldTasks')}</h2>
      {q.held.length === 0 ? (
        <p className="muted" data-testid="queue-no-held">
          {t('noHeld')}
        </p>
      ) : (
        <table className="data" data-testid="queue-held-tasks">
          <thead>
            <tr>
              <th>{t('customer')}</th>
              <th>{t('class')}</th>
              <th>{t('agent')}</th>
              <th>{t('heldAt')}</th>
              <th>{t('leaseUntil')}</th>
              <th className="num">{t('attempts')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {q.held.map((h) => (
              <tr key={h.taskId} data-testid="queue-held-row">
                <td>
                  {h.customerName}
                  {h.kind === 'spot_check' && <span className="badge warn" style={{ marginLeft: 6 }}>{tk(h.kind)}</span>}
                </td>
                <td>{h.customerClass}</td>
                <td>{h.holderName}</td>
                <td>{h.heldAt ? when(h.heldAt) : '—'}</td>
                <td>
                  {h.leaseExpiresAt ? when(h.leaseExpiresAt) : '—'} {h.lapsed && <span className="badge danger">{t('lapsed')}</span>}
                </td>
                <td className="num">{h.attempts}</td>
                <td>
                  <TaskReasonButton
                    taskId={h.taskId}
                    action={pullBackAction}
                    labels={{ open: t('pullBack'), reason: t('pullBackReason'), confirm: t('pullBackConfirm') }}
                    testId="queue-pull-back"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: 16 }}>
        <div>
          <h2>{t('byState')}</h2>
          <table className="data" data-testid="queue-by-state">
            <thead>
              <tr>
                <th>{t('state')}</th>
                <th className="num">{t('count')}</th>
              </tr>
            </thead>
            <tbody>
              {STATES.map((s) => (
                <tr key={s}>
                  <td>{ts(s)}</td>
                  <td className="num" data-testid={`queue-state-${s}`}>
                    {q.byState[s]}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2>{t('byClass')}</h2>
          <CountsTable
            testId="queue-by-class"
            heading={t('class')}
            rows={(['A', 'B', 'C', 'D'] as const).map((c) => ({ key: c, label: c, ...q.byClass[c] }))}
            labels={{ waiting: t('waiting'), ready: t('ready'), held: t('held'), total: t('total') }}
          />
          <h2>{t('byKind')}</h2>
          <CountsTable
            testId="queue-by-kind"
            heading={t('kind')}
            rows={CAMPAIGN_KINDS.map((k) => ({ key: k, label: tk(k), ...q.byKind[k] }))}
            labels={{ waiting: t('waiting'), ready: t('ready'), held: t('held'), total: t('total') }}
          />
        </div>
      </div>

      <h2>{t('byUnit')}</h2>
      <CountsTable
        testId="queue-by-unit"
        heading={t('unit')}
        rows={q.byUnit.map((u) => ({ key: u.unitId ?? 'none', label: u.unitName ?? t('noUnit'), ...u }))}
        labels={{ waiting: t('waiting'), ready: t('ready'), held: t('held'), total: t('total') }}
      />

      <IntegrityPanel run={integrity} />
    </section>
  );
}

type Counts = { waiting: number; ready: number; held: number; total: number };

/** Open callbacks by class or by unit: waiting, ready, held and all of them. */
function CountsTable({ testId, heading, rows, labels }: { testId: string; heading: string; rows: (Counts & { key: string; label: string })[]; labels: Record<keyof Counts, string> }) {
  const columns = ['waiting', 'ready', 'held', 'total'] as const;
  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          <th>{heading}</th>
          {columns.map((c) => (
            <th key={c} className="num">
              {labels[c]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.label}</td>
            {columns.map((c) => (
              <td key={c} className="num">
                {r[c]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
