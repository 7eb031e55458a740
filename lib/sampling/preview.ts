import { inArray } from 'drizzle-orm';
import { units } from '@/db/schema';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { monthRange } from '@/lib/platform/time/zone';
import { CUSTOMER_CLASSES, decideManagerMonth, REASONS, type CustomerClass, type VisitFacts } from './rules';
import { previewSamplingInput, type PreviewSamplingInput } from './schemas';
import { customersWithoutPhone, decisionMoments, loadVisits, managersWithVisits, managersWithInvalidLastMonth } from './store';
import { parseInput } from '@/lib/platform/core/parse-input';

export interface SamplingPreview {
  month: string;
  visits: number;
  callbacks: number;
  /** Of the callbacks, those that only the per-manager minimum adds (at the month's end). */
  toppedUp: number;
  excluded: number;
  byClass: { customerClass: CustomerClass; visits: number; callbacks: number }[];
  byUnit: { unitId: string | null; unitName: string | null; visits: number; callbacks: number }[];
  minutesPerCallback: number;
  agentHours: number;
  /** What sampling really decided for the month so far: visits decided, and of them sampled. */
  recorded: { decided: number; sampled: number };
}

/**
 * What a candidate sampling policy (not saved) would cost for a month: the visits reported in it
 * so far, decided in memory by the same rules as the real thing, as if the policy applied to the
 * whole month and the month were over (the minimum included). Draws come from the policy's seed,
 * so with the seed in force they are the real draws. A visit already decided is judged "too old"
 * or not at the moment it really was decided (else a past month would read as all excluded);
 * an undecided one at "now". Writes nothing. Agent-hours = callbacks × minutes per callback / 60.
 */
export async function previewSampling({ ctx, input }: { ctx: Ctx; input: PreviewSamplingInput }): Promise<SamplingPreview> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { month, policy } = parseInput(previewSamplingInput, input);
  const now = ctx.now();
  const { start, end } = monthRange(month, env().APP_TIMEZONE);
  const [managers, invalid, noPhone] = await Promise.all([managersWithVisits(ctx.db, { start, end }), managersWithInvalidLastMonth(ctx.db, month), customersWithoutPhone(ctx.db)]);

  const byClass = new Map(CUSTOMER_CLASSES.map((c) => [c, { customerClass: c, visits: 0, callbacks: 0 }]));
  const byUnit = new Map<string | null, { unitId: string | null; visits: number; callbacks: number }>();
  let visitsTotal = 0;
  let callbacks = 0;
  let toppedUp = 0;
  let excluded = 0;
  const recorded = { decided: 0, sampled: 0 };
  // Manager chunks keep memory flat on a month of a million visits.
  for (let i = 0; i < managers.length; ) {
    const chunk: string[] = [];
    let size = 0;
    while (i < managers.length && (chunk.length === 0 || size + managers[i].visits <= 50_000)) {
      chunk.push(managers[i].managerId);
      size += managers[i].visits;
      i++;
    }
    const [visits, moments] = await Promise.all([loadVisits(ctx.db, { managerIds: chunk, start, end, customersWithoutPhone: noPhone }), decisionMoments(ctx.db, { managerIds: chunk, month })]);
    for (const m of moments.values()) {
      recorded.decided++;
      if (m.sampled) recorded.sampled++;
    }
    const byManager = new Map<string, typeof visits>();
    for (const v of visits) {
      const list = byManager.get(v.managerId);
      if (list) list.push(v);
      else byManager.set(v.managerId, [v]);
    }
    for (const [managerId, list] of byManager) {
      const input = { policy, policyVersion: 0, invalidLastMonth: invalid.has(managerId), now };
      const inputFor = (v: VisitFacts) => {
        const decided = moments.get(v.visitId);
        return decided ? { ...input, now: decided.decidedAt } : input;
      };
      const { decisions } = decideManagerMonth({ undecided: list, existing: [], inputFor, topUpMinimum: policy.minPerManagerMonth });
      decisions.forEach((d, k) => {
        const v = list[k];
        const cls = byClass.get(v.customerClass)!;
        let unit = byUnit.get(v.unitId);
        if (!unit) byUnit.set(v.unitId, (unit = { unitId: v.unitId, visits: 0, callbacks: 0 }));
        visitsTotal++;
        cls.visits++;
        unit.visits++;
        if (!d.eligible) excluded++;
        if (d.sampled) {
          callbacks++;
          cls.callbacks++;
          unit.callbacks++;
          if (d.reasonCode === REASONS.topUp) toppedUp++;
        }
      });
    }
  }

  const unitIds = [...byUnit.keys()].filter((id): id is string => id !== null);
  const names = new Map(
    unitIds.length ? (await ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))).map((u) => [u.id, u.name]) : [],
  );
  return {
    month,
    visits: visitsTotal,
    callbacks,
    toppedUp,
    excluded,
    byClass: [...byClass.values()],
    byUnit: [...byUnit.values()]
      .map((u) => ({ ...u, unitName: u.unitId ? (names.get(u.unitId) ?? null) : null }))
      .sort((a, b) => b.callbacks - a.callbacks || (a.unitName ?? '').localeCompare(b.unitName ?? '')),
    minutesPerCallback: policy.minutesPerCallback,
    agentHours: Math.round(((callbacks * policy.minutesPerCallback) / 60) * 10) / 10,
    recorded,
  };
}
