import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { managerClosedMonths } from '@/lib/assessment/report';
import type { DisputeList } from '@/lib/disputes/views';
import type { ledgerOf } from '@/lib/points/ledger';
import { findingName, type RootTranslator } from '@/lib/visits/verdict-text';
import { GradeText, ScoreText } from '../../assessment/_components/rate';

/**
 * The manager's standing across months, below the month itself on "my month": the points of
 * every month with their total, the results of the closed months, and their disputes.
 */
type Ledger = Awaited<ReturnType<typeof ledgerOf>>;
type ClosedMonths = Awaited<ReturnType<typeof managerClosedMonths>>;

export async function PointsByMonth({ ledger, current }: { ledger: Ledger; current: string }) {
  const t = await getTranslations('assessment');
  if (ledger.months.length === 0) return <p className="muted">{t('myMonth.noPoints')}</p>;
  return (
    <>
      <p className="muted small">{t('myMonth.pointsBalanceHint')}</p>
      <table className="data" data-testid="points-by-month" style={{ maxWidth: 420 }}>
        <thead>
          <tr>
            <th>{t('myMonth.pointsMonth')}</th>
            <th className="num">{t('ledger.points')}</th>
          </tr>
        </thead>
        <tbody>
          {ledger.months.map((m) => (
            <tr key={m.month} data-testid="points-month-row" data-month={m.month} style={m.month === current ? { fontWeight: 600 } : undefined}>
              <td>
                <Link href={`/my-month?month=${m.month}`} aria-current={m.month === current ? 'page' : undefined}>
                  {m.month}
                </Link>
              </td>
              <td className="num">{m.balance}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>{t('myMonth.pointsTotal')}</th>
            <th className="num" data-testid="points-total">
              {ledger.balance}
            </th>
          </tr>
        </tfoot>
      </table>
    </>
  );
}

export async function ClosedMonthsTable({ months }: { months: ClosedMonths }) {
  const [t, format] = await Promise.all([getTranslations('assessment'), getFormatter()]);
  if (months.length === 0) return <p className="muted">{t('myMonth.noGrades')}</p>;
  return (
    <table className="data" data-testid="closed-months">
      <thead>
        <tr>
          <th>{t('myMonth.pointsMonth')}</th>
          <th className="num">{t('myMonth.score')}</th>
          <th>{t('myMonth.grade')}</th>
          <th className="num">{t('figure.points')}</th>
          <th>{t('report.version')}</th>
        </tr>
      </thead>
      <tbody>
        {months.map((m) => (
          <tr key={m.month} data-testid="closed-month-row" data-month={m.month}>
            <td>
              <Link href={`/my-month?month=${m.month}`}>{m.month}</Link>
            </td>
            <td className="num" data-testid="closed-month-score">
              <ScoreText score={m.score} />
            </td>
            <td data-testid="closed-month-grade">
              <GradeText grade={m.grade} />
            </td>
            <td className="num">{m.points}</td>
            <td className="small">
              {t('myMonth.closedVersion', { version: m.version, time: format.dateTime(m.closedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
              {m.changedSinceClose && <span className="badge warn"> {t('myMonth.changedSinceClose')}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export async function MyDisputesTable({ list }: { list: DisputeList }) {
  const [t, td, root, format] = await Promise.all([getTranslations('assessment'), getTranslations('disputes'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  if (list.rows.length === 0) return <p className="muted">{t('myMonth.noDisputes')}</p>;
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      <table className="data" data-testid="my-disputes">
        <thead>
          <tr>
            <th>{td('fields.filedAt')}</th>
            <th>{td('fields.customer')}</th>
            <th>{td('fields.subject')}</th>
            <th>{td('fields.state')}</th>
            <th>{td('fields.respondBy')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.rows.map((d) => (
            <tr key={d.id} data-testid="my-dispute-row" data-state={d.state} style={d.overdue ? { background: 'var(--warn-bg)' } : undefined}>
              <td>{when(d.filedAt)}</td>
              <td>
                {d.customerName} <span className="muted small">{format.dateTime(d.visitedAt, { month: 'numeric', day: 'numeric' })}</span>
              </td>
              <td>
                {d.subject === 'spot_check'
                  ? td('subject.spotCheck')
                  : d.subject === 'finding'
                    ? td('subject.finding', { name: findingName(tr, d.findingCode ?? '') })
                    : td('subject.verdict')}
              </td>
              <td>
                <span className={`badge ${d.state === 'overturned' ? 'ok' : d.state === 'upheld' ? 'danger' : d.state === 'withdrawn' ? '' : 'info'}`}>{td(`states.${d.state}`)}</span>
                {d.overdue && <span className="badge warn"> {td('overdue')}</span>}
              </td>
              <td className="small">{d.decidedAt ? `${td('fields.decidedAt')} ${when(d.decidedAt)}` : when(d.respondBy)}</td>
              <td>
                <Link href={`/disputes/${d.id}`} data-testid="my-dispute-link">
                  {t('myMonth.viewDispute')}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.total > list.rows.length && (
        <p>
          <Link href="/disputes?state=all">{t('myMonth.allDisputes', { total: list.total })}</Link>
        </p>
      )}
    </>
  );
}
