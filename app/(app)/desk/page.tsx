import { Suspense } from 'react';
import { getFormatter, getTranslations } from 'next-intl/server';
import { deskOverview } from '@/lib/callbacks/queries';
import { isId } from '@/lib/platform/core/ids';
import { deskSubmission, openDeskCallback } from '@/lib/desk/open';
import { callStatusForAgent } from '@/lib/telephony/calls';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CallbackPreview } from './_components/callback-preview';
import { DeskFigures } from './_components/desk-figures';
import { DeskHeartbeat } from './_components/desk-heartbeat';
import { DeskWorkspace } from './_components/desk-workspace';
import { QueuePanel } from './_components/queue-panel';
import { SubmissionResult } from './_components/submission-result';
import { TakeNextButton } from './_components/take-next-button';

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * 外呼工作台: the agent's desk. The queue panel and "take next"; while the agent holds a callback,
 * its preview (phones masked), the call with its live status, the script with its saved draft,
 * the outcome and wrap-up notes; after a submit, the stored score and result and the next one.
 * A heartbeat keeps the lease alive as long as this page is open with a callback held. Between
 * callbacks, below "take next", the agent's day and month against the department (我与部门),
 * streamed in after the desk so it never holds up taking the next one.
 */
export default async function DeskPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('agent');
  const overview = await pageLoad(() => deskOverview({ ctx }));
  const view = overview.heldTaskId ? await pageLoad(() => openDeskCallback({ ctx })) : null;
  const params = await searchParams;
  const [t, format] = await Promise.all([getTranslations('callbacks'), getFormatter()]);

  if (view) {
    const latest = await pageLoad(() => callStatusForAgent({ ctx, input: { taskId: view.task.id } }));
    // Only a call of this hold: one from an earlier attempt on the same task is history.
    const initialCall = latest && view.task.heldAt && Date.parse(latest.createdAt) >= view.task.heldAt.getTime() ? latest : null;
    return (
      <section>
        <h1>{t('desk.title')}</h1>
        <QueuePanel overview={overview} />
        <DeskHeartbeat taskId={view.task.id} seconds={overview.heartbeatSeconds} />
        <DeskWorkspace
          key={`${view.task.id}-${view.task.nextAttemptNo}`}
          view={view}
          initialCall={initialCall}
          preview={<CallbackPreview preview={view} />}
          lease={
            <p className="muted small" data-testid="desk-lease">
              {view.task.leaseExpiresAt && t('desk.leaseUntil', { time: format.dateTime(view.task.leaseExpiresAt, { timeStyle: 'medium' }) })} ·{' '}
              {t('desk.lease', { seconds: overview.leaseSeconds })}
            </p>
          }
        />
      </section>
    );
  }

  const done = typeof params.done === 'string' && isId(params.done) ? params.done : null;
  const submission = done ? await pageLoad(() => deskSubmission({ ctx, input: { taskId: done } })) : null;
  return (
    <section>
      <h1>{t('desk.title')}</h1>
      <QueuePanel overview={overview} />
      <DeskHeartbeat taskId={null} seconds={overview.heartbeatSeconds} />
      {params.released === '1' && (
        <p className="alert ok" role="status" data-testid="desk-flash" style={{ marginBottom: 12 }}>
          {t('release.done')}
        </p>
      )}
      {submission && <SubmissionResult submission={submission} />}
      <TakeNextButton autoFocus={submission !== null} />
      <Suspense
        fallback={
          <p className="muted small" style={{ marginTop: 16 }}>
            {t('myFigures.loading')}
          </p>
        }
      >
        <DeskFigures ctx={ctx} />
      </Suspense>
    </section>
  );
}
