'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useWatch, type Control, type FieldValues } from 'react-hook-form';
import type { PolicyEffectPreview } from '@/lib/assessment/preview';
import { GRADE_COLUMNS, type EffectSide, type ManagerChange } from '@/lib/assessment/preview-rules';
import type { ActionResult } from '@/lib/web/safe-action';

/** Managers listed by name under the tables; the rest are counted. */
const LISTED = 50;

/**
 * 影响预览 on a policy page: runs the preview action with the form's values and remembers which
 * values it previewed, so a table that no longer matches the form says so.
 */
export function useEffectPreview<T extends FieldValues>(control: Control<T>, action: (values: T) => Promise<ActionResult<PolicyEffectPreview>>) {
  const values = useWatch({ control });
  const [state, setState] = useState<{ result: PolicyEffectPreview; of: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  // The form's values as one text (keys sorted); the day and the note change nothing in the preview.
  const key = (v: unknown): string =>
    JSON.stringify(v ?? null, (name, x: unknown) =>
      name === 'effectiveFrom' || name === 'note'
        ? undefined
        : x && typeof x === 'object' && !Array.isArray(x)
          ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
          : x,
    );
  const run = async (v: T) => {
    // What the form shows now, as the watcher reads it (the parsed values differ in form, not in substance).
    const of = key(values);
    setRunning(true);
    setError(null);
    const result = await action(v);
    setRunning(false);
    if (!result.ok) {
      setError(result.error);
      setState(null);
      return;
    }
    setState({ result: result.data, of });
  };
  return { run, running, error, result: state?.result ?? null, outdated: state !== null && state.of !== key(values) };
}

export function EffectPreview(props: {
  testId: string;
  result: PolicyEffectPreview | null;
  error: string | null;
  running: boolean;
  outdated: boolean;
  onRun: () => void;
  /** The data-check flags table (the data-check rules page). */
  showFlags?: boolean;
}) {
  const t = useTranslations('policies.preview');
  const { result, testId } = props;
  return (
    <section className="card" data-testid={`${testId}-preview`} aria-live="polite">
      <h2 style={{ marginTop: 0 }}>{t('title')}</h2>
      <p className="muted small">{t('hint')}</p>
      <div>
        <button type="button" onClick={props.onRun} disabled={props.running} data-testid={`${testId}-preview-run`}>
          {props.running ? t('running') : t('run')}
        </button>
      </div>
      {props.error && (
        <p className="alert error" role="alert">
          {props.error}
        </p>
      )}
      {result && result.month === null && (
        <p className="alert warn" data-testid={`${testId}-preview-none`}>
          {t('noClosedMonth')}
        </p>
      )}
      {result && result.month !== null && <PreviewTables result={result} testId={testId} outdated={props.outdated} showFlags={props.showFlags ?? false} />}
    </section>
  );
}

type Found = Exclude<PolicyEffectPreview, { month: null }>;

function PreviewTables({ result, testId, outdated, showFlags }: { result: Found; testId: string; outdated: boolean; showFlags: boolean }) {
  const t = useTranslations('policies.preview');
  const tg = useTranslations('assessment.grade');
  const tc = useTranslations('assessment.checks.code');
  const unitName = (id: string | null) => (id === null ? t('noUnit') : (result.unitNames[id] ?? t('noUnit')));
  const rate = (r: number | null) => (r === null ? t('notMeasured') : `${(r * 100).toFixed(1)}%`);
  const score = (s: number | null) => (s === null ? t('noScore') : s.toFixed(1));
  const grade = (g: string | null) => tg(g ?? 'insufficient_sample');
  const grades = (s: EffectSide) =>
    GRADE_COLUMNS.filter((g) => s.grades[g] > 0)
      .map((g) => `${tg(g === 'none' ? 'insufficient_sample' : g)} ${s.grades[g]}`)
      .join(' · ') || '—';

  const row = (label: string, c: EffectSide, p: EffectSide, key: string, total = false) => (
    <tr key={key} data-testid={total ? `${testId}-preview-total` : `${testId}-preview-unit`}>
      <td data-label={t('unit')}>{total ? <strong>{label}</strong> : label}</td>
      <td className="num" data-label={t('managers')}>
        <Pair a={c.managers} b={p.managers} />
      </td>
      <td className="num" data-label={t('points')} data-testid={`${testId}-preview-points`} data-closed={c.points} data-preview={p.points}>
        <Pair a={c.points} b={p.points} delta />
      </td>
      <td className="num" data-label={t('validInvalid')}>
        <Pair a={`${c.valid} / ${c.invalid}`} b={`${p.valid} / ${p.invalid}`} />
      </td>
      <td className="num" data-label={t('validRate')}>
        <Pair a={rate(c.validRate)} b={rate(p.validRate)} />
      </td>
      <td className="num" data-label={t('averageScore')} data-testid={`${testId}-preview-score`}>
        <Pair a={score(c.averageScore)} b={score(p.averageScore)} />
      </td>
      <td data-label={t('grades')}>
        <Pair a={grades(c)} b={grades(p)} />
      </td>
    </tr>
  );

  const brief = (x: ManagerChange['closed']) => (x ? { points: String(x.points), score: score(x.score), grade: grade(x.grade) } : { points: t('notAssessed'), score: '—', grade: '—' });
  return (
    <div data-testid={`${testId}-preview-result`} data-month={result.month}>
      <h3>{t('heading', { month: result.month, version: result.closeVersion })}</h3>
      {outdated && (
        <p className="alert warn" data-testid={`${testId}-preview-outdated`}>
          {t('outdated')}
        </p>
      )}
      {result.changedSinceClose && <p className="alert warn">{t('changedSinceClose')}</p>}
      <p className="muted small">
        {t('closed')} → <strong>{t('preview')}</strong>
      </p>
      <div style={{ overflowX: 'auto' }}>
        <table className="data" data-testid={`${testId}-preview-units`}>
          <thead>
            <tr>
              <th>{t('unit')}</th>
              <th className="num">{t('managers')}</th>
              <th className="num">{t('points')}</th>
              <th className="num">{t('validInvalid')}</th>
              <th className="num">{t('validRate')}</th>
              <th className="num">{t('averageScore')}</th>
              <th>{t('grades')}</th>
            </tr>
          </thead>
          <tbody>
            {result.units.map((u) => row(unitName(u.unitId), u.closed, u.preview, u.unitId ?? 'none'))}
            {row(t('total'), result.totals.closed, result.totals.preview, 'total', true)}
          </tbody>
        </table>
      </div>

      <h3>{t('changes')}</h3>
      {result.changes.length === 0 ? (
        <p className="muted" data-testid={`${testId}-preview-no-changes`}>
          {t('noChanges')}
        </p>
      ) : (
        <>
          <table className="data" data-testid={`${testId}-preview-changes`}>
            <thead>
              <tr>
                <th>{t('manager')}</th>
                <th>{t('unit')}</th>
                <th className="num">{t('points')}</th>
                <th className="num">{t('score')}</th>
                <th>{t('grade')}</th>
              </tr>
            </thead>
            <tbody>
              {result.changes.slice(0, LISTED).map((c) => {
                const a = brief(c.closed);
                const b = brief(c.preview);
                return (
                  <tr key={c.managerId} data-testid={`${testId}-preview-change`}>
                    <td data-label={t('manager')}>{result.managerNames[c.managerId] ?? '—'}</td>
                    <td data-label={t('unit')}>{unitName(c.unitId)}</td>
                    <td className="num" data-label={t('points')}>
                      <Pair a={a.points} b={b.points} />
                    </td>
                    <td className="num" data-label={t('score')}>
                      <Pair a={a.score} b={b.score} />
                    </td>
                    <td data-label={t('grade')}>
                      <Pair a={a.grade} b={b.grade} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {result.changes.length > LISTED && <p className="muted small">{t('more', { count: result.changes.length - LISTED })}</p>}
        </>
      )}

      {showFlags && (
        <>
          <h3>{t('flags')}</h3>
          {result.flags.length === 0 ? (
            <p className="muted">{t('noFlags')}</p>
          ) : (
            <table className="data" data-testid={`${testId}-preview-flags`}>
              <thead>
                <tr>
                  <th>{t('flagCode')}</th>
                  <th className="num">{t('current')}</th>
                  <th className="num">{t('preview')}</th>
                </tr>
              </thead>
              <tbody>
                {result.flags.map((f) => (
                  <tr key={f.code} data-testid={`${testId}-preview-flag-${f.code}`}>
                    <td data-label={t('flagCode')}>{tc(f.code)}</td>
                    <td className="num" data-label={t('current')}>
                      {f.current}
                    </td>
                    <td className="num" data-label={t('preview')}>
                      {f.preview === f.current ? f.preview : <strong>{f.preview}</strong>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

/** "closed → preview" when they differ (with the change for numbers), else the one value. */
function Pair({ a, b, delta = false }: { a: string | number; b: string | number; delta?: boolean }) {
  if (a === b) return <>{a}</>;
  const d = delta && typeof a === 'number' && typeof b === 'number' ? b - a : null;
  return (
    <>
      <span className="muted">{a}</span> → <strong>{b}</strong>
      {d !== null && <span className="muted small"> ({d > 0 ? `+${d}` : d})</span>}
    </>
  );
}
