import { pct } from '@/app/_components/percent';
import { getTranslations } from 'next-intl/server';
import type { Grade } from '@/lib/assessment/grade';
import type { UnmeasuredReason } from '@/lib/assessment/rates';

/**
 * How every page shows a rate, a score and a grade: a rate not measured reads 未测 with its
 * reason (lib/assessment/rates.ts), never 0 % or 100 %; no score reads — and no grade 样本不足.
 */
export { pct };

export async function RateText({ value, reason, inline = false }: { value: number | null; reason?: UnmeasuredReason | null; inline?: boolean }) {
  if (value !== null) return <>{pct(value)}</>;
  const t = await getTranslations('assessment');
  const why = reason ? t(`rate.reason.${reason}`) : '';
  return (
    <span data-testid="rate-not-measured" data-reason={reason ?? ''} title={why}>
      <span className="muted">{t('rate.notMeasured')}</span>
      {why && (inline ? <span className="muted small">（{why}）</span> : <span className="muted small" style={{ display: 'block' }}>{why}</span>)}
    </span>
  );
}

export async function ScoreText({ score }: { score: number | null }) {
  if (score !== null) return <>{score}</>;
  const t = await getTranslations('assessment');
  return <span className="muted" title={t('grade.insufficient_sample')}>—</span>;
}

export async function GradeText({ grade }: { grade: Grade | null }) {
  const t = await getTranslations('assessment');
  if (grade === null) {
    return (
      <span className="badge" data-testid="grade-insufficient">
        {t('grade.insufficient_sample')}
      </span>
    );
  }
  return <>{t(`grade.${grade}`)}</>;
}

/** The report's 说明: what 未测 means and how the score treats it, with the close's weights and bands. */
export async function ScoringNote({ scoring }: { scoring: { weights: { coverage: number; valid: number; onTime: number }; gradeBands: { excellent: number; good: number; fair: number; poor: number } } }) {
  const t = await getTranslations('assessment');
  return (
    <div className="card small" data-testid="report-note">
      <strong>{t('note.title')}</strong>
      <p style={{ margin: '4px 0' }}>{t('note.rates')}</p>
      <p style={{ margin: '4px 0' }}>{t('note.score', scoring.weights)}</p>
      <p style={{ margin: '4px 0' }}>{t('note.grades', scoring.gradeBands)}</p>
    </div>
  );
}
