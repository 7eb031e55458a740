import { getFormatter, getTranslations } from 'next-intl/server';
import type { PolicyKey } from '@/lib/policy/definitions';
import { CancelVersionButton } from './cancel-version-button';

/** The policy's catalogue namespace, for its summary. */
export type PolicyTranslator = Awaited<ReturnType<typeof getTranslations>>;

interface Version<V> {
  version: number;
  effectiveFrom: string;
  value: V;
  note: string;
  createdAt: Date;
  createdBy: string | null;
  inForce: boolean;
}

/**
 * The page of a versioned policy (申诉规则, 填报规则 …): the version in force with its summary, a
 * version scheduled later, the form for a new version, and the history. Each policy brings its
 * catalogue namespace (title, intro, inForce…, history, version, fields.effectiveFrom,
 * fields.note, summary, createdAt, inForceBadge), its one-line summary (in the namespace's words)
 * and its form, which starts from the latest version (scheduled or in force). A version scheduled
 * later can be cancelled before it takes effect (取消此版本, with a confirmation).
 */
export async function PolicySettingsPage<V>(props: {
  /** The catalogue namespace and test id prefix (`${testId}-in-force`, `-summary`, `-upcoming`, `-history`, `-version`). */
  policy: { namespace: string; testId: string };
  settings: { inForce: { key: PolicyKey; version: number; effectiveFrom: string | null; value: V }; upcoming: { version: number; effectiveFrom: string; value: V } | null; history: Version<V>[] };
  summary: (value: V, t: PolicyTranslator) => string;
  form: (latest: V) => React.ReactNode;
  /** Below the form (e.g. the effect preview's explanation). */
  children?: React.ReactNode;
}) {
  const { settings: s, policy } = props;
  const testId = policy.testId;
  const [t, tc, format] = await Promise.all([getTranslations(policy.namespace), getTranslations('policies.cancel'), getFormatter()]);
  const summary = (value: V) => props.summary(value, t);
  // The version in force is the latest on or before today: every later one is still scheduled.
  const scheduled = (h: { effectiveFrom: string }) => h.effectiveFrom > (s.inForce.effectiveFrom ?? '');
  return (
    <section>
      <h1>{t('title')}</h1>
      {t.has('intro') && <p className="muted small">{t('intro')}</p>}
      <div className="card" data-testid={`${testId}-in-force`}>
        <h2 style={{ marginTop: 0 }}>{s.inForce.version === 0 ? t('inForceDefault') : t('inForce', { version: s.inForce.version, from: s.inForce.effectiveFrom ?? '' })}</h2>
        <p style={{ margin: 0 }} data-testid={`${testId}-summary`}>
          {summary(s.inForce.value)}
        </p>
        {s.upcoming && (
          <p className="alert warn" style={{ marginTop: 12 }} data-testid={`${testId}-upcoming`}>
            {t('upcoming', { version: s.upcoming.version, from: s.upcoming.effectiveFrom })}: {summary(s.upcoming.value)}
          </p>
        )}
        <CancelVersionButton policyKey={s.inForce.key} scheduled={s.upcoming && { version: s.upcoming.version, from: s.upcoming.effectiveFrom }} testId={testId} />
      </div>

      {props.form(s.upcoming?.value ?? s.inForce.value)}
      {props.children}

      <h2>{t('history')}</h2>
      {s.history.length === 0 ? (
        <p className="muted">{t('noHistory')}</p>
      ) : (
        <table className="data" data-testid={`${testId}-history`}>
          <thead>
            <tr>
              <th className="num">{t('version')}</th>
              <th>{t('fields.effectiveFrom')}</th>
              <th>{t('summary')}</th>
              <th>{t('fields.note')}</th>
              <th>{t('createdAt')}</th>
            </tr>
          </thead>
          <tbody>
            {s.history.map((h) => (
              <tr key={h.version} data-testid={`${testId}-version`}>
                <td className="num">
                  {h.version}
                  {h.inForce && <span className="badge ok"> {t('inForceBadge')}</span>}
                  {scheduled(h) && <span className="badge warn"> {tc('scheduledBadge')}</span>}
                </td>
                <td>{h.effectiveFrom}</td>
                <td>
                  {summary(h.value)}
                  {scheduled(h) && h.version !== s.upcoming?.version && (
                    <CancelVersionButton policyKey={s.inForce.key} scheduled={{ version: h.version, from: h.effectiveFrom }} testId={`${testId}-history-${h.version}`} />
                  )}
                </td>
                <td>{h.note || '—'}</td>
                <td>
                  {format.dateTime(h.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
                  {h.createdBy ? ` · ${h.createdBy}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
