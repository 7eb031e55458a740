import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { managerMonthResult } from '@/lib/assessment/report';
import type { ManagerProgress } from '@/lib/coverage/progress';
import { ledgerCauseText } from '@/lib/points/cause-text';
import type { ledgerOf } from '@/lib/points/ledger';
import type { listVerdicts } from '@/lib/verdicts/queries';
import { findingName, findingText, verdictText, type RootTranslator } from '@/lib/visits/verdict-text';
import { coverageRate, RATE_FIGURES, type RateFigure, type UnmeasuredReason } from '@/lib/assessment/rates';
import { GradeText, pct, RateText, ScoreText } from './rate';

export { pct };

/**
 * The parts of a manager's month, shared by "my month" (the manager) and the manager page of the
 * report (staff, supervisor): result, coverage per customer, visits with verdicts, ledger.
 */
type Progress = ManagerProgress;
type VerdictRows = Awaited<ReturnType<typeof listVerdicts>>['rows'];
type Ledger = Awaited<ReturnType<typeof ledgerOf>>;
type Result = Awaited<ReturnType<typeof managerMonthResult>>;

export function VerdictBadge({ status, label }: { status: string; label: string }) {
  const tone = status === 'valid' ? 'ok' : status === 'invalid' ? 'danger' : status === 'pending' ? 'info' : '';
  return (
    <span className={`badge ${tone}`} data-testid="verdict-status" data-status={status}>
      {label}
    </span>
  );
}

export async function ResultCard({ result }: { result: Result }) {
  const [t, format] = await Promise.all([getTranslations('assessment'), getFormatter()]);
  if (!result) {
    return (
      <div className="card" data-testid="month-result">
        <h2 style={{ marginTop: 0 }}>{t('myMonth.assessment')}</h2>
        <p className="muted">{t('myMonth.notClosed')}</p>
      </div>
    );
  }
  const f = result.figures;
  return (
    <div className="card" data-testid="month-result">
      <h2 style={{ marginTop: 0 }}>
        {t('myMonth.assessment')} ·{' '}
        <span data-testid="month-grade">
          <GradeText grade={result.grade} />
        </span>
      </h2>
      <p className="muted small">{t('myMonth.closedVersion', { version: result.version, time: format.dateTime(result.closedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>
      <dl className="facts">
        <dt>{t('myMonth.score')}</dt>
        <dd data-testid="month-score">
          <ScoreText score={result.score} />
          <ScoreBasis unmeasured={result.unmeasured} scored={result.score !== null} />
        </dd>
        <dt>{t('figure.coverageRate')}</dt>
        <dd data-testid="month-coverage-rate">
          <RateText value={f.coverageRate} reason={result.unmeasured.coverageRate} inline /> ({f.done}/{f.required})
          {f.coverageFailed ? <span className="badge danger"> {t('figure.coverageFailed')}</span> : null}
        </dd>
        <dt>{t('figure.validRate')}</dt>
        <dd data-testid="month-valid-rate">
          <RateText value={f.validRate} reason={result.unmeasured.validRate} inline /> · {t('figure.valid')} {f.valid} · {t('figure.invalid')} {f.invalid} · {t('figure.unverified')} {f.unverified} ·{' '}
          {t('figure.pending')} {f.pending}
        </dd>
        <dt>{t('figure.onTimeRate')}</dt>
        <dd data-testid="month-on-time-rate">
          <RateText value={f.onTimeRate} reason={result.unmeasured.onTimeRate} inline /> ({f.visits - f.late}/{f.visits})
        </dd>
        <dt>{t('myMonth.points')}</dt>
        <dd data-testid="month-points">{f.points}</dd>
      </dl>
    </div>
  );
}

/** Which rates the score rests on, when one or more was not measured (grade.ts: their weight is shared out). */
async function ScoreBasis({ unmeasured, scored }: { unmeasured: Partial<Record<RateFigure, UnmeasuredReason>>; scored: boolean }) {
  const t = await getTranslations('assessment');
  const missing = RATE_FIGURES.filter((k) => unmeasured[k]);
  if (scored && missing.length === 0) return null;
  const names = (keys: readonly RateFigure[]) => keys.map((k) => t(`figure.${k}`)).join(t('myMonth.and'));
  return (
    <span className="muted small" data-testid="month-score-basis" style={{ display: 'block' }}>
      {scored ? t('myMonth.scorePartial', { unmeasured: names(missing), measured: names(RATE_FIGURES.filter((k) => !unmeasured[k])) }) : t('myMonth.scoreNone')}
    </span>
  );
}

export async function CoverageTable({ progress, monthOver }: { progress: Progress; monthOver: boolean }) {
  const [t, tc, format] = await Promise.all([getTranslations('assessment'), getTranslations('common'), getFormatter()]);
  return (
    <>
      <p>
        {t('figure.coverageRate')}:{' '}
        <strong data-testid="coverage-rate">
          <RateText {...coverageRate(progress)} inline />
        </strong>{' '}
        ({progress.done}/{progress.required})
        {!monthOver && <span className="muted small"> · {t('progress.stillInProgress')}</span>}
      </p>
      {progress.customers.length === 0 ? (
        <p className="muted">{t('progress.noCustomers')}</p>
      ) : (
        <table className="data" data-testid="coverage-table">
          <thead>
            <tr>
              <th>{t('progress.customer')}</th>
              <th>{t('progress.class')}</th>
              <th>{t('progress.met')}</th>
              <th>{t('progress.missing')}</th>
              <th>{t('figure.visits')}</th>
            </tr>
          </thead>
          <tbody>
            {progress.customers.map((c) => (
              <tr key={c.customerId} data-testid="coverage-row" data-gaps={c.gaps.length}>
                <td>
                  {c.name} <span className="muted small">{c.groupCode}</span>
                </td>
                <td>{c.customerClass}</td>
                <td>{c.met.map((r) => t(`requirement.${r}`)).join('、') || '—'}</td>
                <td>
                  {c.gaps.length === 0 ? (
                    <span className="badge ok">{t('progress.allMet')}</span>
                  ) : (
                    c.gaps.map((r) => (
                      <span key={r} className="badge warn" style={{ marginRight: 4 }}>
                        {t(`requirement.${r}`)}
                      </span>
                    ))
                  )}
                </td>
                <td className="small">
                  {c.visits.map((v) => (
                    <div key={v.id}>
                      <Link href={`/visits/${v.id}`}>{format.dateTime(v.visitedAt, { month: 'numeric', day: 'numeric' })}</Link> {tc(`visitType.${v.type}`)}
                      {!v.counts && <span className="muted"> ({t('verdicts.status.invalid')})</span>}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export async function VerdictsTable({ rows, forManager }: { rows: VerdictRows; forManager: boolean }) {
  const [t, tc, root, format] = await Promise.all([getTranslations('assessment'), getTranslations('common'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  if (rows.length === 0) return <p className="muted">{t('myMonth.noVisits')}</p>;
  return (
    <table className="data" data-testid="verdicts-table">
      <thead>
        <tr>
          <th>{t('myMonth.visitedAt')}</th>
          <th>{t('myMonth.customer')}</th>
          <th>{t('myMonth.type')}</th>
          <th>{t('myMonth.verdict')}</th>
          <th>{t('myMonth.why')}</th>
          <th>{t('myMonth.findings')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.visitId} data-testid="verdict-row">
            <td>
              <Link href={`/visits/${r.visitId}`}>{format.dateTime(new Date(r.visitedAt), { dateStyle: 'medium', timeStyle: 'short' })}</Link>
            </td>
            <td>
              {r.customerName} <span className="muted small">{r.customerClass}</span>
            </td>
            <td>{tc(`visitType.${r.type}`)}</td>
            <td>{r.verdict ? <VerdictBadge status={r.verdict.status} label={t(`verdicts.status.${r.verdict.status}`)} /> : <span className="muted">{forManager ? t('verdicts.status.pending') : t('verdicts.none')}</span>}</td>
            <td data-testid="verdict-reason">{r.verdict ? verdictText(tr, r.verdict) : forManager ? t('verdicts.notPublished') : ''}</td>
            <td className="small">
              {r.findings.map((f) => (
                <span key={f.code} className={`badge ${f.severity === 'invalidating' ? 'danger' : 'warn'}`} title={findingText(tr, f)} style={{ marginRight: 4 }}>
                  {findingName(tr, f.code)}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export async function LedgerTable({ ledger }: { ledger: Ledger }) {
  const [t, format] = await Promise.all([getTranslations('assessment'), getFormatter()]);
  const causeText = (e: Ledger['entries'][number]) => ledgerCauseText(t, e);
  return (
    <>
      <p>
        {ledger.month ? t('ledger.monthBalance', { month: ledger.month }) : t('ledger.balance')}: <strong data-testid="points-balance">{ledger.month ? ledger.monthBalance : ledger.balance}</strong>
      </p>
      {ledger.entries.length === 0 ? (
        <p className="muted">{t('ledger.none')}</p>
      ) : (
        <table className="data" data-testid="ledger-table">
          <thead>
            <tr>
              <th>{t('ledger.createdAt')}</th>
              <th>{t('ledger.customer')}</th>
              <th>{t('ledger.cause')}</th>
              <th className="num">{t('ledger.points')}</th>
              <th>{t('ledger.source')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.entries.map((e) => (
              <tr key={e.id} data-testid="ledger-row" data-kind={e.kind}>
                <td>{format.dateTime(e.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>{e.customerName ? `${e.customerName} (${e.customerClass})` : '—'}</td>
                <td>
                  <span className="badge">{t(`ledger.kind.${e.kind}`)}</span> {causeText(e)}
                  {e.visitIds.map((id, i) => (
                    <span key={id}>
                      {' '}
                      <Link href={`/visits/${id}`}>#{i + 1}</Link>
                    </span>
                  ))}
                </td>
                <td className="num">{e.points > 0 ? `+${e.points}` : e.points}</td>
                <td className="small">{t(`ledger.sources.${e.sourceType === 'close' ? 'close' : 'recompute'}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">{t('ledger.appendOnly')}</p>
    </>
  );
}
