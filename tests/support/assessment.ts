import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { callbackAttempts, callbackResults, callbackScripts, callbackTasks, samplingDecisions, scriptVersions, visitReportContacts, visitReports } from '@/db/schema';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { DEFAULT_SCRIPT_NAME } from '@/lib/scripts/default-scripts';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from './factories';
import { answeredCall } from './calls';

/**
 * A small month, November 2026, for two managers, written straight to the database so every
 * fact is stated here and the expected figures can be counted by hand (see assessment.test.ts).
 */
export const MONTH = '2026-11';
/** When the month is closed: 3 December 2026, 10:00 in Asia/Shanghai. */
export const CLOSE_AT = new Date('2026-12-03T02:00:00Z');
export const local = (text: string) => parseLocalDateTime(text, 'Asia/Shanghai')!;

type Callback =
  | { state: 'closed'; outcome: 'completed'; score: number; knockedOut?: string }
  | { state: 'unreachable' }
  | { state: 'waiting' };

export async function makeAssessmentWorld(db: Db) {
  await ensureDefaultScript(db, { now: local('2026-10-01 09:00') });
  const [script] = await db
    .select({ id: scriptVersions.id })
    .from(scriptVersions)
    .innerJoin(callbackScripts, eq(callbackScripts.id, scriptVersions.scriptId))
    .where(and(eq(callbackScripts.name, DEFAULT_SCRIPT_NAME), eq(scriptVersions.status, 'published')));

  const unit = await makeUnit(db);
  const staff = await makeUser(db, 'staff', { phone: '+8613912345678' });
  const agent = await makeUser(db, 'agent');
  const m1 = await makeUser(db, 'manager', { unitId: unit.id, displayName: '甲经理' });
  const m2 = await makeUser(db, 'manager', { unitId: unit.id, displayName: '乙经理' });

  const since = local('2026-01-01 00:00');
  const customer = async (cls: 'A' | 'B' | 'C' | 'D', contacts: number, extra: { latitude?: number; longitude?: number; firstPhone?: string } = {}) => {
    const c = await makeCustomer(db, unit.id, { class: cls, latitude: extra.latitude ?? 22.54, longitude: extra.longitude ?? 114.05 });
    const people = [];
    for (let i = 0; i < contacts; i++) people.push(await makeContact(db, c.id, i === 0 && extra.firstPhone ? { phone: extra.firstPhone } : {}));
    return { ...c, contacts: people };
  };
  // Manager 1: four customers, one of each class.
  const cA = await customer('A', 3);
  const cB = await customer('B', 2);
  const cC = await customer('C', 1);
  const cD = await customer('D', 1, { firstPhone: staff.phone! });
  for (const c of [cA, cB, cC, cD]) await makeClaim(db, c.id, m1.id, since);
  // Manager 2: cE all year; cG from 16 November (15 days: counts); cF from the 17th (14 days: does not).
  const cE = await customer('A', 3);
  const cG = await customer('D', 1);
  const cF = await customer('C', 1);
  await makeClaim(db, cE.id, m2.id, since);
  await makeClaim(db, cG.id, m2.id, local('2026-11-16 00:00'));
  await makeClaim(db, cF.id, m2.id, local('2026-11-17 00:00'));

  const attemptAgent = agent.id;
  const visit = async (
    manager: typeof m1,
    c: { id: string; class: 'A' | 'B' | 'C' | 'D' },
    contactIds: string[],
    o: { type: 'on_site' | 'phone'; at: string; reportAfterHours?: number; checkIn?: { lat: number; lng: number }; sampled?: boolean; callback?: Callback },
  ) => {
    const visitedAt = local(o.at);
    const [v] = await db
      .insert(visitReports)
      .values({
        managerId: manager.id,
        customerId: c.id,
        type: o.type,
        visitedAt,
        reportedAt: new Date(visitedAt.getTime() + (o.reportAfterHours ?? 2) * 3600_000),
        checkInMethod: o.checkIn ? 'gps' : 'none',
        checkInLatitude: o.checkIn?.lat ?? null,
        checkInLongitude: o.checkIn?.lng ?? null,
        purpose: '了解通信需求',
        late: (o.reportAfterHours ?? 2) > 24,
        createdBy: manager.id,
      })
      .returning();
    await db.insert(visitReportContacts).values(contactIds.map((contactId) => ({ visitId: v.id, contactId })));
    if (o.sampled !== undefined) {
      await db.insert(samplingDecisions).values({ visitId: v.id, managerId: manager.id, month: o.at.slice(0, 7), policyVersion: 0, draw: 0.5, sampled: o.sampled, reasonCode: o.sampled ? 'sampling.reason.rate' : 'sampling.reason.notDrawn', decidedBy: 'batch' });
    }
    if (o.callback) {
      const cb = o.callback;
      const closedAt = new Date(visitedAt.getTime() + 48 * 3600_000);
      const [task] = await db
        .insert(callbackTasks)
        .values({
          visitId: v.id,
          customerId: c.id,
          managerId: manager.id,
          unitId: unit.id,
          customerClass: c.class,
          visitedAt,
          state: cb.state,
          nextAttemptAt: visitedAt,
          attempts: cb.state === 'waiting' ? 0 : cb.state === 'unreachable' ? 3 : 1,
          outcome: cb.state === 'closed' ? 'completed' : cb.state === 'unreachable' ? 'no_answer' : null,
          closedAt: cb.state === 'waiting' ? null : closedAt,
          score: cb.state === 'closed' ? cb.score : null,
          result: cb.state === 'closed' ? (cb.score >= 60 && !cb.knockedOut ? 'valid' : 'invalid') : null,
        })
        .returning();
      if (cb.state === 'closed') {
        // The evidence the result rests on: the call the contact answered, as the provider recorded it.
        const call = await answeredCall(db, task.id, { agentId: attemptAgent, attemptNo: 1, at: new Date(closedAt.getTime() - 10 * 60_000) });
        const [attempt] = await db
          .insert(callbackAttempts)
          .values({ taskId: task.id, attemptNo: 1, agentId: attemptAgent, outcome: 'completed', callId: call.id, startedAt: closedAt, endedAt: closedAt })
          .returning();
        await db.insert(callbackResults).values({
          taskId: task.id,
          attemptId: attempt.id,
          scriptVersionId: script.id,
          answers: {},
          score: cb.score,
          maxScore: 100,
          knockedOut: cb.knockedOut ?? null,
          result: cb.score >= 60 && !cb.knockedOut ? 'valid' : 'invalid',
          agentId: attemptAgent,
          submittedAt: closedAt,
        });
      }
    }
    return v;
  };

  const ids = (c: { contacts: { id: string }[] }, ...i: number[]) => i.map((k) => c.contacts[k].id);
  // Manager 1.
  const v0 = await visit(m1, cC, ids(cC, 0), { type: 'on_site', at: '2026-09-10 10:00' }); // September: C on site within 3 months
  const v1 = await visit(m1, cA, ids(cA, 0), { type: 'on_site', at: '2026-11-05 10:00', checkIn: { lat: 22.5463, lng: 114.05 }, sampled: true, callback: { state: 'closed', outcome: 'completed', score: 80 } });
  const v2 = await visit(m1, cB, ids(cB, 0), { type: 'on_site', at: '2026-11-06 10:00', reportAfterHours: 30, sampled: true, callback: { state: 'unreachable' } });
  const v2b = await visit(m1, cB, ids(cB, 1), { type: 'phone', at: '2026-11-20 10:00', sampled: true, callback: { state: 'closed', outcome: 'completed', score: 45 } });
  const v3 = await visit(m1, cC, ids(cC, 0), { type: 'phone', at: '2026-11-07 10:00', sampled: false });
  const v4 = await visit(m1, cD, ids(cD, 0), { type: 'on_site', at: '2026-11-08 23:30', sampled: true, callback: { state: 'closed', outcome: 'completed', score: 60 } });
  // Manager 2.
  const v5p = await visit(m2, cE, ids(cE, 0), { type: 'on_site', at: '2026-10-12 10:00' });
  const v5 = await visit(m2, cE, ids(cE, 0), { type: 'on_site', at: '2026-11-10 10:00', sampled: true, callback: { state: 'closed', outcome: 'completed', score: 90 } });
  const v7 = await visit(m2, cG, ids(cG, 0), { type: 'on_site', at: '2026-11-18 10:00', sampled: true, callback: { state: 'closed', outcome: 'completed', score: 40, knockedOut: 'visited' } });
  const v10 = await visit(m2, cG, ids(cG, 0), { type: 'phone', at: '2026-11-18 15:00' });
  const v8 = await visit(m2, cF, ids(cF, 0), { type: 'phone', at: '2026-11-20 10:00', sampled: false });
  const v9 = await visit(m2, cA, ids(cA, 1), { type: 'on_site', at: '2026-11-11 10:00', sampled: false });
  await db.execute(sql`analyze`);
  return {
    unit,
    staff,
    agent,
    m1,
    m2,
    script: script.id,
    customers: { cA, cB, cC, cD, cE, cF, cG },
    visits: { v0, v1, v2, v2b, v3, v4, v5p, v5, v7, v10, v8, v9 },
  };
}
