import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listAssessmentMonths } from '@/lib/assessment/report';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CloseButton } from './_components/close-button';

/** 月度考核: the months, whether each is closed (and changed since), the report and the close. */
export default async function AssessmentPage() {
  const ctx = await pageCtx('staff', 'admin', 'supervisor');
  const data = await pageLoad(() => listAssessmentMonths({ ctx }));
  const [t, format] = await Promise.all([getTranslations('assessment'), getFormatter()]);
  const canClose = ctx.actor.role === 'staff' || ctx.actor.role === 'admin';
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <p>
        <Link href={`/assessment/progress?month=${data.thisMonth}`}>{t('months.progress')}</Link>
        <span className="muted small"> · {t('close.scheduled', { day: data.closeDay })}</span>
      </p>
      {data.months.length === 0 ? (
        <p className="muted">{t('months.none')}</p>
      ) : (
        <table className="data" data-testid="assessment-months">
          <thead>
            <tr>
              <th>{t('months.month')}</th>
              <th>{t('months.status')}</th>
              <th>{t('months.closedAt')}</th>
              <th className="num">{t('months.managers')}</th>
              <th className="num">{t('months.averageScore')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.months.map((m) => (
              <tr key={m.month} data-testid={`month-row-${m.month}`}>
                <td>
                  <Link href={`/assessment/${m.month}`}>{m.month}</Link>
                </td>
                <td>
                  {m.closedVersion ? <span className="badge ok">{t('status.closed', { version: m.closedVersion })}</span> : <span className="badge">{m.over ? t('status.open') : t('status.inProgress')}</span>}{' '}
                  {m.changedSinceClose && (
                    <span className="badge warn" title={t('status.changedHint')} data-testid="changed-since-close">
                      {t('status.changed')}
                    </span>
                  )}
                </td>
                <td>{m.closedAt ? format.dateTime(m.closedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}</td>
                <td className="num">{m.managers ?? '—'}</td>
                <td className="num">{m.averageScore ?? '—'}</td>
                <td>
                  <Link href={`/assessment/${m.month}`}>{t('months.open')}</Link> {canClose && m.over && <CloseButton month={m.month} closed={m.closedVersion !== null} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
