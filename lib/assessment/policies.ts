import type { DbOrTx } from '@/db/client';
import type { CheckPolicy } from '@/lib/checks/rules';
import type { PolicyKey, PolicyValue } from '@/lib/policy/definitions';
import { listPolicyVersions, policyValue } from '@/lib/policy/policies';
import type { MonthWindow } from '@/lib/platform/time/month-window';

/**
 * The versions of a policy, read once per run and looked up by day in memory — the same answer
 * as `policyInForce(db, key, day)` (latest effectiveFrom on or before the day, stored values merged
 * over the defaults), without a query per visit day.
 */
export class PolicyTimeline<K extends PolicyKey> {
  private readonly cache = new Map<string, { version: number; value: PolicyValue<K> }>();
  private constructor(
    readonly key: K,
    private readonly versions: { version: number; effectiveFrom: string; value: Record<string, unknown> }[],
  ) {}

  /** From versions already read (newest first), e.g. in tests. */
  static of<K extends PolicyKey>(key: K, versions: { version: number; effectiveFrom: string; value: Record<string, unknown> }[]): PolicyTimeline<K> {
    return new PolicyTimeline(key, [...versions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom)));
  }

  static async load<K extends PolicyKey>(db: DbOrTx, key: K): Promise<PolicyTimeline<K>> {
    const versions = await listPolicyVersions(db, key);
    // Newest first, as listPolicyVersions returns them.
    return new PolicyTimeline(key, versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, value: v.value })));
  }

  at(day: string): { version: number; value: PolicyValue<K> } {
    let hit = this.cache.get(day);
    if (!hit) {
      const row = this.versions.find((v) => v.effectiveFrom <= day);
      hit = row ? { version: row.version, value: policyValue(this.key, row.value) } : { version: 0, value: policyValue(this.key, undefined) };
      this.cache.set(day, hit);
    }
    return hit;
  }
}

/** Every policy the assessment of a month reads. */
export interface AssessmentPolicies {
  reporting: PolicyTimeline<'reporting'>;
  checks: PolicyTimeline<'checks'>;
  scoring: PolicyTimeline<'scoring'>;
  assessment: PolicyTimeline<'assessment'>;
  /** The check numbers per day, built once per day (a close asks per visit). */
  checksByDay: Map<string, CheckPolicy>;
}

/** The keys of the policies an assessment reads. */
export const ASSESSMENT_POLICY_KEYS = ['reporting', 'checks', 'scoring', 'assessment'] as const;

/** A stored version of a policy, as read. */
export interface PolicyVersionRow {
  key: string;
  version: number;
  effectiveFrom: string;
  value: Record<string, unknown>;
}

/**
 * The policies from the versions of ASSESSMENT_POLICY_KEYS read at once (in any order; each
 * timeline sorts its own newest first): the same as loadAssessmentPolicies of the same rows.
 */
export function assessmentPoliciesOf(versions: readonly PolicyVersionRow[]): AssessmentPolicies {
  const of = <K extends (typeof ASSESSMENT_POLICY_KEYS)[number]>(key: K) =>
    PolicyTimeline.of(
      key,
      versions.filter((v) => v.key === key).map(({ version, effectiveFrom, value }) => ({ version, effectiveFrom, value })),
    );
  return { reporting: of('reporting'), checks: of('checks'), scoring: of('scoring'), assessment: of('assessment'), checksByDay: new Map() };
}

export async function loadAssessmentPolicies(db: DbOrTx): Promise<AssessmentPolicies> {
  const [reporting, checks, scoring, assessment] = await Promise.all([
    PolicyTimeline.load(db, 'reporting'),
    PolicyTimeline.load(db, 'checks'),
    PolicyTimeline.load(db, 'scoring'),
    PolicyTimeline.load(db, 'assessment'),
  ]);
  return { reporting, checks, scoring, assessment, checksByDay: new Map() };
}

/** The data-check numbers in force on a visit's day (the reporting deadline as the late flag uses it). */
export function checkPolicyOn(p: AssessmentPolicies, day: string): CheckPolicy {
  const known = p.checksByDay.get(day);
  if (known) return known;
  const reporting = p.reporting.at(day).value;
  const checks = p.checks.at(day).value;
  const policy: CheckPolicy = {
    reportDeadlineHours: reporting.reportDeadlineHours,
    minContactsAB: reporting.minContactsAB,
    maxCheckInMeters: checks.maxCheckInMeters,
    normalHoursStart: checks.normalHoursStart,
    normalHoursEnd: checks.normalHoursEnd,
  };
  p.checksByDay.set(day, policy);
  return policy;
}

/**
 * The policy versions a month was assessed under: month-level rules (points, coverage, score)
 * are those in force on the month's last day; per-visit rules (checks, deadline, threshold) those
 * of each visit's day, recorded as the version on the last day plus any other version in force on
 * an earlier day of the month ('checks@2026-11-01': 2).
 */
export function policiesOfMonth(p: AssessmentPolicies, w: MonthWindow): Record<string, number> {
  const out: Record<string, number> = {};
  const days = Number(w.lastDay.slice(8));
  for (const timeline of [p.assessment, p.reporting, p.checks, p.scoring] as PolicyTimeline<PolicyKey>[]) {
    const last = timeline.at(w.lastDay).version;
    out[timeline.key] = last;
    let previous: number | undefined;
    for (let d = 1; d <= days; d++) {
      const day = `${w.month}-${String(d).padStart(2, '0')}`;
      const v = timeline.at(day).version;
      // The first day of each stretch of the month under another version than the last day's.
      if (v !== last && v !== previous) out[`${timeline.key}@${day}`] = v;
      previous = v;
    }
  }
  return out;
}
