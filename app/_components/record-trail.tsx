import { getFormatter, getTranslations } from 'next-intl/server';
import { auditSentence } from '@/lib/audit-trail/catalogue';
import { listRecordTrail } from '@/lib/audit-trail/queries';
import type { TrailRecordType } from '@/lib/audit-trail/schemas';
import type { Ctx } from '@/lib/platform/core/context';
import type { RootTranslator } from '@/lib/visits/verdict-text';
import { pageLoad } from '@/lib/web/page-guard';

/**
 * 操作记录 of one visit or dispute, oldest first, on its page: what its manager, their supervisor
 * and the department did to it (staff also read the callbacks' steps). The verb checks the scope.
 */
export async function RecordTrail({ ctx, entityType, entityId }: { ctx: Ctx; entityType: TrailRecordType; entityId: string }) {
  const entries = await pageLoad(() => listRecordTrail({ ctx, input: { entityType, entityId } }));
  const [t, root, format] = await Promise.all([getTranslations('auditTrail'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  return (
    <section data-testid="record-trail">
      <h2>{t('title')}</h2>
      {entries.length === 0 ? (
        <p className="muted small">{t('trailEmpty')}</p>
      ) : (
        <>
          <p className="muted small">{t('trailIntro')}</p>
          <ol className="card" style={{ listStyle: 'none', paddingLeft: 12, margin: 0 }}>
            {entries.map((entry) => (
              <li key={entry.id} data-testid="record-trail-entry" data-action={entry.action} style={{ padding: '4px 0', overflowWrap: 'anywhere' }}>
                <span className="muted small" style={{ marginRight: 8 }}>
                  {format.dateTime(entry.at, { dateStyle: 'medium', timeStyle: 'short' })}
                </span>
                {auditSentence(tr, entry)}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
