import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { SpotCheckFacts } from '@/lib/disputes/views';

/**
 * What a spot-check finding is (电话抽查 · 客户 · 计划拜访时间 · 发现：未拜访), then the planned visit it
 * asked about, the finding as it stands now, the day's result, and a visit report filed that day
 * when there is one — on the manager's filing page and on the dispute's page alike.
 */
export async function SpotCheckFactsView({ facts, disputed = true }: { facts: SpotCheckFacts; disputed?: boolean }) {
  const [t, format] = await Promise.all([getTranslations('disputes'), getFormatter()]);
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  const findingName = (f: SpotCheckFacts['finding']) => t(`spotCheck.findings.${f ?? 'open'}`);
  // A dispute is always filed against "not visited"; what stands now may differ after a decision or a re-callback.
  const changed = disputed && facts.finding !== 'not_visited';
  return (
    <div className="card" data-testid="spot-check-facts">
      <h2 style={{ marginTop: 0 }}>{t('spotCheck.facts')}</h2>
      <p data-testid="spot-check-headline">
        <strong>
          {t('spotCheck.kind')} · {facts.customerName} · {t('spotCheck.plannedAt')} {when(facts.plannedAt)} · {t('spotCheck.finding')}：{t('spotCheck.findings.not_visited')}
        </strong>
      </p>
      <dl className="facts">
        <dt>{t('spotCheck.day')}</dt>
        <dd>{format.dateTime(facts.plannedAt, { dateStyle: 'full' })}</dd>
        <dt>{t('spotCheck.customer')}</dt>
        <dd>{facts.customerName}</dd>
        <dt>{t('spotCheck.plannedAt')}</dt>
        <dd>{when(facts.plannedAt)}</dd>
        <dt>{t('spotCheck.place')}</dt>
        <dd>{facts.place || '—'}</dd>
        <dt>{t('spotCheck.purpose')}</dt>
        <dd>{facts.purpose || '—'}</dd>
        <dt>{t('spotCheck.contact')}</dt>
        <dd>{facts.contactName || '—'}</dd>
        <dt>{changed ? t('spotCheck.findingNow') : t('spotCheck.finding')}</dt>
        <dd data-testid="spot-check-finding" data-finding={facts.finding ?? 'open'}>
          <span className={`badge ${facts.finding === 'not_visited' ? 'danger' : facts.finding ? 'ok' : ''}`}>{findingName(facts.finding)}</span>
          {facts.findingAt && <span className="muted small"> {t('spotCheck.findingAt')} {when(facts.findingAt)}</span>}
        </dd>
        <dt>{t('spotCheck.dayResult')}</dt>
        <dd data-testid="spot-check-day-result">{t(`spotCheck.dayResults.${facts.dayResult ?? 'open'}`)}</dd>
        <dt>{t('spotCheck.matchedVisit')}</dt>
        <dd>
          {facts.matchedVisit ? (
            <Link href={`/visits/${facts.matchedVisit.id}`} data-testid="spot-check-matched-visit">
              {when(facts.matchedVisit.visitedAt)}
            </Link>
          ) : (
            <span className="muted">{t('spotCheck.noMatchedVisit')}</span>
          )}
        </dd>
      </dl>
    </div>
  );
}
