import type { ReasonParams } from './reasons';

/** A next-intl translator over the whole catalogue (useTranslations() / getTranslations() without a namespace). */
export interface RootTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/**
 * The readable reason of a decision: its code is a catalogue key (sampling.reason.*), its stored
 * parameters fill it. Flag codes are shown by name; parameters older rows may lack get defaults.
 */
export function samplingReasonText(t: RootTranslator, code: string, params: ReasonParams): string {
  if (!t.has(code)) return code;
  const values: Record<string, string | number> = { raised: 'no', multiplier: 1, ...params };
  if (typeof params.rate === 'number') {
    values.baseRate ??= params.rate;
    values.threshold ??= (params.rate / 100).toFixed(4);
  }
  if (typeof params.flags === 'string') {
    values.flags = params.flags
      .split(',')
      .filter(Boolean)
      .map((f) => (t.has(`sampling.flag.${f}`) ? t(`sampling.flag.${f}`) : f))
      .join(', ');
  }
  return t(code, values);
}
