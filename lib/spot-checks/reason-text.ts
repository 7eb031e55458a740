import type { RootTranslator } from '@/lib/sampling/reason-text';

/**
 * The readable reason of a spot-check decision (a manager-day or a customer drawn): its code is a
 * catalogue key (spotChecks.reason.*), its stored parameters fill it. Parameters an older row may
 * lack get defaults, so a message never shows a raw placeholder. No server imports: pages in the
 * browser can use it too.
 */
const DEFAULTS: Record<string, string | number> = { draw: '', threshold: '', sharePercent: '', thresholdPercent: '', findings: 0, windowDays: '', weight: '', planned: 0, rank: '', of: '', pick: '', excluded: 0 };

export function spotCheckReasonText(t: RootTranslator, code: string, params: Record<string, string | number>): string {
  return t.has(code) ? t(code, { ...DEFAULTS, ...params }) : code;
}
