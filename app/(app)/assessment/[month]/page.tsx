import Link from 'next/link';
import { policyVersionsText, type AssessmentTranslator } from '@/lib/assessment/policy-versions-text';
import { getFormatter, getTranslations } from 'next-intl/server';
import { NotFoundError } from '@/lib/platform/core/errors';
import { getMonthReport } from '@/lib/assessment/report';
import { GRADE_FILTERS, monthReportInput, REPORT_SORTS } from '@/lib/assessment/schemas';
import { RATE_FIGURES } from '@/lib/assessment/rates';
import { isMonth } from '@/lib/platform/time/zone';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CloseButton } from '../_components/close-button';
import { GradeText, pct, RateText, ScoreText, ScoringNote } from '../_components/rate';
import { Pager } from '@/app/_components/pager';
import { FilterSelect, unitOptions } from '@/app/_components/filter-select';
import { SpotCheckTables } from '../_components/spot-check-tables';

type SearchParams = Record<string, string | string[] | undefined>;
const KEYS = ['version', 'unitId', 'grade', 'coverageFailed', 'q', 'sort', 'dir', 'page'] as const;

/** The unit table's figure columns, after the unit and its manager count, before the average score. */
const UNIT_FIGURES = ['claimedCustomers', 'required', 'done', 'coverageRate', 'sampled', 'valid', 'invalid', 'unverified', 'validRate', 'points'] as const;

/**
 * 考核报表: a close version of the month per manager and per unit, with sorting, filters and the
 * Excel download; the versions and what each changed. Staff close (again) from here; supervisors
 * read their unit's report.
 */
export default async function MonthReportPage({ params, searchParams }: { params: Promise<{ month: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('staff', 'admin', 'supervisor');
  const { month } = await params;
  if (!isMonth(month)) await pageLoad(() => Promise.reject(new NotFoundError()));
  const raw: Record<string, string> = { month };
  const sp = await searchParams;
  for (const k of KEYS) if (typeof sp[k] === 'string' && sp[k] !== '') raw[k] = sp[k] as string;
  // A hand-edited URL with a bad filter shows the unfiltered report rather than an error page.
  const input = monthReportInput.safeParse(raw).success ? raw : { month };
  const report = await pageLoad(() => getMonthReport({ ctx, input: input as never }));
  const [t, format, tAgents] = await Promise.all([getTranslations('assessment'), getFormatter(), getTranslations('agentAssessment.page')]);
  const f = report.filters;
  const canClose = ctx.actor.role === 'staff' || ctx.actor.role === 'admin';
  const query = (over: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const k of KEYS) {
      const v = k in over ? over[k] : (f as Record<string, unknown>)[k];
      if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) q.set(k, String(v));
    }
    return q.toString();
  };
  const sortLink = (key: (typeof REPORT_SORTS)[number], label: string) => {
    const active = f.sort === key;
    const dir = active && f.dir === 'asc' ? 'desc' : active ? 'asc' : key === 'manager' || key === 'unit' ? 'asc' : 'desc';
    return (
      <Link href={`/assessment/${month}?${query({ sort: key, dir, page: 1 })}`} aria-sort={active ? (f.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        {label}
        {active ? (f.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    );
  };
  const exportQuery = query({ page: undefined });
  const close = report.close;

  return (
    <section>
      <p>
        <Link href="/assessment">‹ {t('months.title')}</Link>
      </p>
      <h1>{t('report.title', { month })}</h1>
      <p>
        {report.status.closedVersion ? <span className="badge ok">{t('status.closed', { version: report.status.closedVersion })}</span> : <span className="badge">{report.over ? t('status.open') : t('status.inProgress')}</span>}{' '}
        {report.status.changedSinceClose && (
          <span className="badge warn" data-testid="changed-since-close">
            {t('status.changed')}
          </span>
        )}{' '}
        {canClose && report.over && <CloseButton month={month} closed={report.status.closedVersion !== null} />}
      </p>
      {report.status.changedSinceClose && <p className="muted small">{t('status.changedHint')}</p>}
      {!report.unitLocked && (
        <p>
          <Link href={`/assessment/${month}/agents`} data-testid="agent-assessment-link">
            {tAgents('link')} ›
          </Link>
        </p>
      )}
      {report.unitLocked && <p className="muted small">{t('report.readOnly')}</p>}
      {!close ? (
        <p className="muted" data-testid="report-not-closed">
          {report.over ? t('report.notClosed') : t('close.notOver')} <Link href={`/assessment/progress?month=${month}`}>{t('progress.title')}</Link>
        </p>
      ) : (
        <>
          <div className="card" data-testid="report-close">
            <strong>{t('report.versionOf', { version: close.version })}</strong> · {t('report.closedBy', { time: format.dateTime(close.closedAt, { dateStyle: 'medium', timeStyle: 'short' }), name: close.closedByName ?? '' })}
            <div className="muted small">
              {t('report.policies')}：{policyVersionsText(t as unknown as AssessmentTranslator, close.policies)}
            </div>
            <div className="row" style={{ marginTop: 8 }}>
              <a className="link-button" href={`/api/assessment/${month}/export${exportQuery ? `?${exportQuery}` : ''}`} data-testid="report-download" download>
                {t('report.download')}
              </a>
            </div>
          </div>

          {report.versions.length > 1 && (
            <p className="small" data-testid="report-versions">
              {t('report.versions')}:{' '}
              {report.versions.map((v) => (
                <span key={v.version} style={{ marginRight: 8 }}>
                  {v.version === close.version ? <strong>v{v.version}</strong> : <Link href={`/assessment/${month}?version=${v.version}`}>v{v.version}</Link>}
                  <span className="muted"> ({v.changes})</span>
                </span>
              ))}
            </p>
          )}

          {report.scoring && <ScoringNote scoring={report.scoring} />}

          <h2>{t('report.byManager')}</h2>
          <form method="get" action={`/assessment/${month}`} className="toolbar" data-testid="report-filters">
            {f.version && <input type="hidden" name="version" value={f.version} />}
            <input type="hidden" name="sort" value={f.sort} />
            <input type="hidden" name="dir" value={f.dir} />
            {!report.unitLocked && (
              <FilterSelect label={t('report.unit')} name="unitId" value={f.unitId} all={t('report.allUnits')} options={unitOptions(report.unitOptions)} />
            )}
            <FilterSelect label={t('report.grade')} name="grade" value={f.grade} all={t('report.allGrades')} options={GRADE_FILTERS.map((g) => ({ value: g, label: t(`grade.${g}`) }))} />
            <FilterSelect
              label={t('report.coverage')}
              name="coverageFailed"
              value={f.coverageFailed}
              all={t('report.coverageAll')}
              options={[
                { value: 'yes', label: t('report.coverageFailed') },
                { value: 'no', label: t('report.coverageMet') },
              ]}
            />
            <label>
              {t('report.search')}
              <input type="search" name="q" defaultValue={f.q ?? ''} placeholder={t('report.searchPlaceholder')} />
            </label>
            <button type="submit">{t('report.filter')}</button>
            <Link href={`/assessment/${month}${f.version ? `?version=${f.version}` : ''}`}>{t('report.reset')}</Link>
          </form>
          {report.rows.length === 0 ? (
            <p className="muted">{t('report.empty')}</p>
          ) : (
            <div style={{ overflowX: 'auto' }}>
              <table className="data" data-testid="report-managers">
                <thead>
                  <tr>
                    <th>{sortLink('manager', t('report.manager'))}</th>
                    <th>{sortLink('unit', t('report.unit'))}</th>
                    <th className="num">{sortLink('claimedCustomers', t('figure.claimedCustomers'))}</th>
                    <th className="num">{sortLink('required', t('figure.required'))}</th>
                    <th className="num">{sortLink('done', t('figure.done'))}</th>
                    <th className="num">{sortLink('coverageRate', t('figure.coverageRate'))}</th>
                    <th className="num">{sortLink('sampled', t('figure.sampled'))}</th>
                    <th className="num">{sortLink('valid', t('figure.valid'))}</th>
                    <th className="num">{sortLink('invalid', t('figure.invalid'))}</th>
                    <th className="num">{sortLink('unverified', t('figure.unverified'))}</th>
                    <th className="num">{sortLink('validRate', t('figure.validRate'))}</th>
                    <th className="num">{sortLink('onTimeRate', t('figure.onTimeRate'))}</th>
                    <th className="num">{sortLink('points', t('figure.points'))}</th>
                    <th className="num">{sortLink('score', t('figure.score'))}</th>
                    <th>{t('figure.grade')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => (
                    <tr key={r.managerId} data-testid="report-row" data-manager={r.username}>
                      <td>
                        <Link href={`/assessment/${month}/managers/${r.managerId}`}>{r.managerName}</Link> <span className="muted small">{r.username}</span>
                      </td>
                      <td>{r.unitName ?? '—'}</td>
                      <td className="num">{r.figures.claimedCustomers}</td>
                      <td className="num">{r.figures.required}</td>
                      <td className="num">{r.figures.done}</td>
                      <td className="num">
                        <RateText value={r.figures.coverageRate} reason={r.unmeasured.coverageRate} />
                        {r.figures.coverageFailed ? <span className="badge danger" title={t('figure.coverageFailed')}> !</span> : null}
                      </td>
                      <td className="num">{r.figures.sampled}</td>
                      <td className="num" data-testid="report-valid">
                        {r.figures.valid}
                      </td>
                      <td className="num" data-testid="report-invalid">
                        {r.figures.invalid}
                      </td>
                      <td className="num">{r.figures.unverified}</td>
                      <td className="num" data-testid="report-valid-rate">
                        <RateText value={r.figures.validRate} reason={r.unmeasured.validRate} />
                      </td>
                      <td className="num">
                        <RateText value={r.figures.onTimeRate} reason={r.unmeasured.onTimeRate} />
                      </td>
                      <td className="num" data-testid="report-points">
                        {r.figures.points}
                      </td>
                      <td className="num" data-testid="report-score">
                        <ScoreText score={r.score} />
                      </td>
                      <td data-testid="report-grade">
                        <GradeText grade={r.grade} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager
            path={`/assessment/${month}`}
            params={Object.fromEntries(KEYS.map((k) => [k, (f as Record<string, string | number | undefined>)[k]]))}
            page={f.page}
            pageSize={f.pageSize}
            total={report.total}
            label={t('report.byManager')}
          />

          <h2>{t('report.byUnit')}</h2>
          <table className="data" data-testid="report-units">
            <thead>
              <tr>
                <th>{t('report.unit')}</th>
                <th className="num">{t('report.managersCount')}</th>
                {UNIT_FIGURES.map((k) => (
                  <th key={k} className="num">
                    {t(`figure.${k}`)}
                  </th>
                ))}
                <th className="num">{t('report.averageScore')}</th>
              </tr>
            </thead>
            <tbody>
              {report.units.map((u) => (
                <tr key={u.unitId ?? 'none'}>
                  <td>{u.unitName ?? '—'}</td>
                  <td className="num">{u.managers}</td>
                  {UNIT_FIGURES.map((k) => (
                    <td key={k} className="num">
                      {k === 'coverageRate' || k === 'validRate' ? <RateText value={u[k]} reason={u.unmeasured[k]} /> : u[k]}
                    </td>
                  ))}
                  <td className="num">
                    <ScoreText score={u.averageScore} />
                    {u.unscored > 0 && <span className="muted small" style={{ display: 'block' }}>{t('report.unscored', { count: u.unscored })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <SpotCheckTables month={month} rows={report.rows} units={report.units} sortLink={sortLink} />

          <h2 id="changes">{t('report.changesOf', { version: close.version })}</h2>
          {close.version === 1 ? (
            <p className="muted">{t('report.firstVersion')}</p>
          ) : report.changes.length === 0 ? (
            <p className="muted" data-testid="report-no-changes">
              {t('report.noChanges')}
            </p>
          ) : (
            <table className="data" data-testid="report-changes">
              <thead>
                <tr>
                  <th>{t('report.manager')}</th>
                  <th>{t('report.figure')}</th>
                  <th className="num">{t('report.old')}</th>
                  <th className="num">{t('report.new')}</th>
                </tr>
              </thead>
              <tbody>
                {report.changes.map((c, i) => (
                  <tr key={`${c.managerId}-${c.figure}-${i}`}>
                    <td>
                      <Link href={`/assessment/${month}/managers/${c.managerId}`}>{c.managerName}</Link>
                    </td>
                    <td>{t(`figure.${c.figure}` as 'figure.points')}</td>
                    <td className="num">{show(c.figure, c.old, t)}</td>
                    <td className="num" data-testid="report-change-new">
                      {show(c.figure, c.new, t)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function show(figure: string, value: unknown, t: (key: string) => string): string {
  // A null rate was not measured; a null score or grade is 样本不足 (lib/assessment/rates.ts, grade.ts).
  if (value === null && ((RATE_FIGURES as readonly string[]).includes(figure) || figure === 'spotCheckRate')) return t('rate.notMeasured');
  if (value === null && (figure === 'score' || figure === 'grade')) return t('grade.insufficient_sample');
  if (value === null || value === undefined) return '—';
  if (figure === 'grade' && typeof value === 'string') return t(`grade.${value}`);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'number' && figure.endsWith('Rate')) return pct(value);
  return String(value);
}
