import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ExportLinks } from '@/app/_components/export-links';
import { FiguresTable, type FiguresRow } from '@/app/_components/figures-table';
import { getAgentAssessment, type AgentAssessmentPage, type AgentAssessmentView } from '@/lib/indicators/agent-assessment';
import type { Rate } from '@/lib/indicators/rate';
import { NotFoundError } from '@/lib/platform/core/errors';
import { isMonth } from '@/lib/platform/time/zone';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { GradeText, pct, ScoreText } from '../../_components/rate';

type T = Awaited<ReturnType<typeof getTranslations<'agentAssessment.page'>>>;

/** A part of the score: its value (or 未测) with the counts it rests on, so a reader can trace it. */
function Part({ rate, t, counts, testId }: { rate: Rate; t: T; counts: 'finishedOfWorked' | 'rightOfJudged' | 'withinOfFinished'; testId: string }) {
  return (
    <span data-testid={testId}>
      {rate.value === null ? <span className="muted">{t('notMeasured')}</span> : pct(rate.value)}
      <span className="muted small" style={{ display: 'block' }}>
        {t(counts, { numerator: rate.numerator, denominator: rate.denominator })}
      </span>
    </span>
  );
}

/** A changed figure's value as it reads: rates as percentages, a grade in words, "none" as 样本不足 or —. */
function shown(figure: string, value: unknown, t: T, ta: (key: string) => string): string {
  if (value === null && (figure === 'score' || figure === 'grade')) return ta('grade.insufficient_sample');
  if (value === null && ['callbackRate', 'quality', 'timeliness'].includes(figure)) return t('notMeasured');
  if (value === null || value === undefined) return '—';
  if (figure === 'grade' && typeof value === 'string') return ta(`grade.${value}`);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'number' && ['callbackRate', 'quality', 'timeliness'].includes(figure)) return pct(value);
  return String(value);
}

/**
 * 坐席考核: each callback agent's month — 回访率, 回访质量, 及时性 with their counts, the weighted score
 * and grade — frozen by the latest close, or live while the month is not closed. Staff and admin
 * see every agent; an agent their own row beside the department's figures.
 */
export default async function AgentAssessmentPage({ params }: { params: Promise<{ month: string }> }) {
  const ctx = await pageCtx('staff', 'admin', 'agent');
  const { month } = await params;
  if (!isMonth(month)) await pageLoad(() => Promise.reject(new NotFoundError()));
  const r: AgentAssessmentPage = await pageLoad(() => getAgentAssessment({ ctx, input: { month } }));
  const [t, ta, format] = await Promise.all([getTranslations('agentAssessment.page'), getTranslations('assessment'), getFormatter()]);
  const staff = ctx.actor.role !== 'agent';
  const p = r.policy.value;
  const rules = t('rules', { ...p.weights, ...p.gradeBands, deadlineWorkingDays: p.deadlineWorkingDays, minFinished: p.minFinished });
  const d = r.department;

  const columns = [
    { header: t('col.agent') },
    { header: t('col.callbackRate'), num: true },
    { header: t('col.quality'), num: true },
    { header: t('col.timeliness'), num: true },
    { header: t('col.satisfaction'), num: true },
    { header: t('col.score'), num: true },
    { header: t('col.grade') },
  ];
  const row = (a: AgentAssessmentView): FiguresRow => ({
    key: a.agentId,
    testId: 'agent-row',
    cells: [
      <span key="agent" data-agent={a.username}>
        {a.name} <span className="muted small">{a.username}</span>
      </span>,
      <Part key="rate" rate={a.parts.callbackRate} t={t} counts="finishedOfWorked" testId="agent-callback-rate" />,
      <Part key="quality" rate={a.parts.quality} t={t} counts="rightOfJudged" testId="agent-quality" />,
      <Part key="timeliness" rate={a.parts.timeliness} t={t} counts="withinOfFinished" testId="agent-timeliness" />,
      a.figures.ratingAnswers > 0 && a.figures.ratingMean !== null ? (
        <span key="rating" className="small">
          {t('rating', { mean: a.figures.ratingMean, answers: a.figures.ratingAnswers })}
        </span>
      ) : (
        <span key="rating" className="muted small">
          {t('noRating')}
        </span>
      ),
      <span key="score" data-testid="agent-score">
        <ScoreText score={a.score} />
      </span>,
      <span key="grade" data-testid="agent-grade">
        <GradeText grade={a.grade} />
        {a.belowMinimum && (
          <span className="muted small" style={{ display: 'block' }}>
            {t('belowMinimum', { finished: a.figures.finished, min: p.minFinished })}
          </span>
        )}
      </span>,
    ],
  });
  const departmentRow: FiguresRow = {
    key: 'department',
    testId: 'department-row',
    cells: [
      <strong key="name">{t('department')}</strong>,
      <Part key="rate" rate={d.parts.callbackRate} t={t} counts="finishedOfWorked" testId="department-callback-rate" />,
      <Part key="quality" rate={d.parts.quality} t={t} counts="rightOfJudged" testId="department-quality" />,
      <Part key="timeliness" rate={d.parts.timeliness} t={t} counts="withinOfFinished" testId="department-timeliness" />,
      <span key="rating" className="muted small">
        —
      </span>,
      <span key="score" data-testid="department-score">
        {d.averageScore ?? '—'}
        {d.unscored > 0 && (
          <span className="muted small" style={{ display: 'block' }}>
            {t('unscored', { count: d.unscored })}
          </span>
        )}
      </span>,
      <span key="grade" className="muted small">
        {t('averageScore')}
      </span>,
    ],
  };

  return (
    <section>
      {staff && (
        <p>
          <Link href={`/assessment/${month}`}>‹ {t('back')}</Link>
        </p>
      )}
      <h1>{t('title', { month })}</h1>
      <p data-testid="agent-assessment-status">
        {r.close ? (
          <>
            <span className="badge ok">{t('closed', { version: r.close.version })}</span>{' '}
            <span className="muted small">{t('closedBy', { time: format.dateTime(r.close.closedAt, { dateStyle: 'medium', timeStyle: 'short' }), name: r.close.closedByName ?? '' })}</span>{' '}
            {r.close.changedSinceClose && <span className="badge warn">{t('changedSinceClose')}</span>}
          </>
        ) : (
          <span className="badge" data-testid="agent-assessment-live">
            {r.over ? t('live') : t('inProgress')}
          </span>
        )}
      </p>
      {r.closedBeforeAgents && <p className="muted small">{t('closedBeforeAgents')}</p>}
      <div className="card small" data-testid="agent-assessment-rules">
        <p style={{ margin: '0 0 4px' }}>{r.policy.version === 0 ? t('policyDefault', { rules }) : t('policy', { rules, version: r.policy.version })}</p>
        <p className="muted" style={{ margin: 0 }}>
          {t('explain')}
        </p>
      </div>

      <div className="row" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <h2>{staff ? t('agents') : t('yourRow')}</h2>
        {/* 坐席指标 with the assessment's parts, score and grade (staff and admin). */}
        {staff && <ExportLinks kind="agent-indicators" filters={{ month }} testId="agent-assessment-export" />}
      </div>
      {staff && r.agents.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <>
          {!staff && r.agents.length === 0 && <p className="muted">{t('noRow')}</p>}
          <div style={{ overflowX: 'auto' }}>
            <FiguresTable columns={columns} rows={[...r.agents.map(row), departmentRow]} testId="agent-assessment-table" />
          </div>
          <p className="muted small">{t('departmentHint', { agents: d.agents })}</p>
        </>
      )}

      {r.close && (
        <>
          {r.close.versions.length > 1 && (
            <p className="small" data-testid="agent-assessment-versions">
              {t('versions')}:{' '}
              {r.close.versions.map((v) => (
                <span key={v.version} style={{ marginRight: 8 }}>
                  {v.version === r.close!.version ? <strong>v{v.version}</strong> : `v${v.version}`}
                  <span className="muted"> ({v.changes})</span>
                </span>
              ))}
            </p>
          )}
          <h2>{t('changesOf', { version: r.close.version })}</h2>
          {r.close.version === 1 ? (
            <p className="muted">{t('firstVersion')}</p>
          ) : r.changes.length === 0 ? (
            <p className="muted" data-testid="agent-assessment-no-changes">
              {t('noChanges')}
            </p>
          ) : (
            <div style={{ overflowX: 'auto' }}>
              <FiguresTable
                testId="agent-assessment-changes"
                columns={[{ header: t('col.agent') }, { header: t('figure') }, { header: t('old'), num: true }, { header: t('new'), num: true }]}
                rows={r.changes.map((c, i) => ({
                  key: `${c.agentId}-${c.figure}-${i}`,
                  cells: [c.agentName, t.has(`figureName.${c.figure}`) ? t(`figureName.${c.figure}` as 'figureName.score') : c.figure, shown(c.figure, c.old, t, ta), shown(c.figure, c.new, t, ta)],
                }))}
              />
            </div>
          )}
        </>
      )}
    </section>
  );
}
