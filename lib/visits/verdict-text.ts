/**
 * Readable texts of verdict reasons and findings, from the `assessment` catalogue. A reason's code
 * is a key under `assessment.verdicts.reason.*` and its stored parameters fill it; an outcome code
 * in the parameters is shown by its name. Pure: the translator comes in. Beside the verdict status
 * (./verdict-status.ts), below verdicts, since the visit list's export writes them too.
 */
export interface RootTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

export function verdictReasonText(t: RootTranslator, reason: { code: string; params: Record<string, string | number> }): string {
  const key = `assessment.verdicts.reason.${reason.code}`;
  if (!t.has(key)) return reason.code;
  const values: Record<string, string | number> = { ...reason.params };
  if (typeof values.outcome === 'string') {
    const outcome = `assessment.outcome.${values.outcome}`;
    values.outcome = t.has(outcome) ? t(outcome) : values.outcome;
  }
  return t(key, values);
}

export function verdictText(t: RootTranslator, verdict: { reasons: { code: string; params: Record<string, string | number> }[] }): string {
  return verdict.reasons.map((r) => verdictReasonText(t, r)).join('；');
}

/** Defaults for parameters an older finding may lack, so a message never shows a raw placeholder. */
const FINDING_DEFAULTS: Record<string, string | number> = { hours: '', deadline: '', count: '', minimum: '', class: '', meters: '', maximum: '', others: 1, time: '', start: '', end: '' };

export function findingText(t: RootTranslator, finding: { code: string; params: Record<string, string | number> }): string {
  const key = `assessment.checks.message.${finding.code}`;
  return t.has(key) ? t(key, { ...FINDING_DEFAULTS, ...finding.params, ...elapsed(finding.params.hours) }) : finding.code;
}

/** "1241 小时" reads as nothing to a person: from two days on, a delay is said in days. */
function elapsed(hours: string | number | undefined): Record<string, string | number> {
  return typeof hours === 'number' && hours >= 48 ? { unit: 'days', days: Math.floor(hours / 24) } : { unit: 'hours' };
}

export function findingName(t: RootTranslator, code: string): string {
  const key = `assessment.checks.code.${code}`;
  return t.has(key) ? t(key) : code;
}
