import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { policyDefinitions } from '@/lib/policy/definitions';
import { policyInForce } from '@/lib/policy/policies';
import { previewSampling } from '@/lib/sampling/preview';
import { sampleMonth, sampleVisit } from '@/lib/sampling/sample';
import { getSamplingSettings, saveSamplingPolicy } from '@/lib/sampling/settings';
import zhErrors from '@/messages/zh-CN/errors.json';
import { ctxAs, makeUser } from '../support/factories';
import { AFTER_MONTH, makeSamplingWorld, SAMPLING_MONTH, samplingSnapshot } from '../support/sampling';
import { testDb } from '../support/worker-setup';

/**
 * The sampling settings page's header and preview: the header names the version in force and the
 * one scheduled; the preview with the rules and seed in force gives what sampling really decided,
 * even months later; a blank rate is "required", naming its class.
 */
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  await Promise.all(['callback-timers', 'sampling'].map((q) => queue(q as 'sampling').obliterate({ force: true })));
});
afterAll(async () => {
  await Promise.all((['callback-timers', 'sampling', 'assessment'] as const).map((q) => queue(q).obliterate({ force: true })));
  await closeQueues();
});

const DAY = 86_400_000;

describe('the preview with the rules in force', () => {
  it('matches the real draw of a past month, judged at the moment each visit was decided', async () => {
    const world = await makeSamplingWorld(db);
    // Decided as reported (real time, during the month), then topped up after it.
    const during = new Date('2026-09-29T02:00:00Z');
    for (const v of world.visits) await sampleVisit(db, v.id, { now: during });
    await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    const { tasks, decisions } = await samplingSnapshot(db);
    expect(tasks.length).toBeGreaterThan(0);

    // Staff look two months later, when every September visit is older than the look-back (45 days).
    const later = new Date(AFTER_MONTH.getTime() + 60 * DAY);
    const staff = ctxAs(db, await makeUser(db, 'staff'), later);
    const policy = (await policyInForce(db, 'sampling', '2026-12-19')).value;
    const preview = await previewSampling({ ctx: staff, input: { month: SAMPLING_MONTH, policy } });

    expect(preview.recorded).toEqual({ decided: decisions.length, sampled: tasks.length });
    expect(preview.callbacks).toBe(tasks.length);
    expect(preview.excluded).toBe(decisions.filter((d) => d.reasonCode.startsWith('sampling.reason.excluded')).length);
    for (const c of preview.byClass) expect(c.callbacks).toBe(tasks.filter((t) => t.customerClass === c.customerClass).length);

    // Another seed draws afresh (the same rates, other visits).
    const reseeded = await previewSampling({ ctx: staff, input: { month: SAMPLING_MONTH, policy: { ...policy, seed: 'another-seed' } } });
    expect(reseeded.visits).toBe(preview.visits);
    expect(reseeded.recorded).toEqual(preview.recorded);
  });
});

describe('the settings header', () => {
  it('names the version in force and the one scheduled', async () => {
    const staff = ctxAs(db, await makeUser(db, 'staff'), new Date('2026-11-20T02:00:00Z'));
    const value = { ...policyDefinitions.sampling.defaults, ratePercent: { ...policyDefinitions.sampling.defaults.ratePercent } };
    let settings = await getSamplingSettings({ ctx: staff });
    expect(settings.inForce.version).toBe(0);
    expect(settings.scheduled).toEqual([]);

    await saveSamplingPolicy({ ctx: staff, input: { effectiveFrom: '2026-11-20', policy: { ...value, ratePercent: { ...value.ratePercent, B: 60 } } } });
    await saveSamplingPolicy({ ctx: staff, input: { effectiveFrom: '2027-01-01', policy: { ...value, ratePercent: { ...value.ratePercent, B: 80 } } } });
    await saveSamplingPolicy({ ctx: staff, input: { effectiveFrom: '2026-12-01', policy: { ...value, ratePercent: { ...value.ratePercent, B: 70 } } } });
    settings = await getSamplingSettings({ ctx: staff });
    expect(settings.inForce).toMatchObject({ version: 1, effectiveFrom: '2026-11-20' });
    // Soonest first: version 3 (1 December), then version 2 (1 January).
    expect(settings.scheduled.map((v) => [v.version, v.effectiveFrom])).toEqual([
      [3, '2026-12-01'],
      [2, '2027-01-01'],
    ]);
    expect(settings.versions.filter((v) => v.scheduled).map((v) => v.version).sort()).toEqual([2, 3]);
  });
});

describe('a blank rate', () => {
  it('is refused as required at its field, naming the class, and nothing is saved', async () => {
    const staff = ctxAs(db, await makeUser(db, 'staff'), new Date('2026-11-20T02:00:00Z'));
    const value = { ...policyDefinitions.sampling.defaults, ratePercent: { ...policyDefinitions.sampling.defaults.ratePercent, C: null as unknown as number } };
    await expect(saveSamplingPolicy({ ctx: staff, input: { effectiveFrom: '2026-12-01', policy: value } })).rejects.toMatchObject({
      issues: [{ field: 'policy.ratePercent.C', code: 'sampling.rateRequired.C' }],
    });
    expect(zhErrors.sampling.rateRequired.C).toContain('C 类抽样率');
    expect((await policyInForce(db, 'sampling', '2026-12-31')).version).toBe(0);
  });
});
