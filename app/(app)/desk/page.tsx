import { getFormatter, getTranslations } from 'next-intl/server';
import { deskOverview, getCallbackForAgent } from '@/lib/callbacks/queries';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CallbackPreview } from './_components/callback-preview';
import { DeskHeartbeat } from './_components/desk-heartbeat';
import { OutcomeForm } from './_components/outcome-form';
import { QueuePanel } from './_components/queue-panel';
import { ReleaseForm } from './_components/release-form';
import { TakeNextButton } from './_components/take-next-button';

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * 外呼工作台: the agent's desk. The queue panel, "take next", and — while the agent holds a
 * callback — its preview, the outcome form and "put back", with a heartbeat that keeps the lease
 * alive while this page is open.
 */
export default async function DeskPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('agent');
  const overview = await pageLoad(() => deskOverview({ ctx }));
  const heldTaskId = overview.heldTaskId;
  const preview = heldTaskId ? await pageLoad(() => getCallbackForAgent({ ctx, input: { taskId: heldTaskId } })) : null;
  const params = await searchParams;
  const [t, format] = await Promise.all([getTranslations('callbacks'), getFormatter()]);
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'full', timeStyle: 'short' });
  const flash = preview ? null : flashText(params, t, when);

  return (
    <section>
      <h1>{t('desk.title')}</h1>
      <QueuePanel overview={overview} />
      <DeskHeartbeat taskId={preview?.task.id ?? null} seconds={overview.heartbeatSeconds} />
      {flash && (
        <p className="alert ok" role="status" data-testid="desk-flash" style={{ marginBottom: 12 }}>
          {flash}
        </p>
      )}
      {preview ? (
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(280px, 2fr)', gap: 16, alignItems: 'start' }}>
          <div>
            <CallbackPreview preview={preview} />
            <p className="muted small" data-testid="desk-lease">
              {preview.task.leaseExpiresAt && t('desk.leaseUntil', { time: format.dateTime(preview.task.leaseExpiresAt, { timeStyle: 'medium' }) })} ·{' '}
              {t('desk.lease', { seconds: overview.leaseSeconds })}
            </p>
          </div>
          <div>
            <OutcomeForm key={`${preview.task.id}-${preview.task.nextAttemptNo}`} taskId={preview.task.id} attemptNo={preview.task.nextAttemptNo} />
            <ReleaseForm key={preview.task.id} taskId={preview.task.id} />
          </div>
        </div>
      ) : (
        <TakeNextButton />
      )}
    </section>
  );
}

function flashText(params: SearchParams, t: Awaited<ReturnType<typeof getTranslations<'callbacks'>>>, when: (iso: string) => string): string | null {
  if (params.released === '1') return t('release.done');
  const next = typeof params.next === 'string' && !Number.isNaN(Date.parse(params.next)) ? params.next : null;
  switch (params.done) {
    case 'waiting':
      if (!next) return null;
      return params.outcome === 'appointment' ? t('outcome.savedAppointment', { time: when(next) }) : t('outcome.savedRetry', { time: when(next) });
    case 'closed':
      return t('outcome.savedClosed');
    case 'unreachable':
      return t('outcome.savedUnreachable');
    default:
      return null;
  }
}
