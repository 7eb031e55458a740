import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import type { CallOutcome } from '@/lib/calling/outcomes';
import { rows } from '@/lib/platform/core/sql';
import type { ReportFacts } from './manager-rules';
import type { ProductivityCounts } from './productivity-rules';

/**
 * Data access of the indicators: the shapes every reader returns, names and look-ups. The month's
 * counts themselves are read by daily-queries.ts (closed days from the pre-aggregates or, for the
 * close, from the raw rows, through the one SQL of daily-sql.ts). Every
 * figure is a SQL aggregate, never rows read into Node; the pure rules (callback-rules,
 * quality-rules, productivity-rules, manager-rules, aapor) turn counts into rates. They check
 * nothing about who asks: the verbs in indicators.ts do.
 */

export interface Period {
  /** 'YYYY-MM' */
  month: string;
  start: Date;
  end: Date;
  timeZone: string;
}

/** Which slice of the department: a unit, or everything. */
export interface CallbackFilter {
  period: Period;
  unitId?: string | null;
}

/** The level a grouped row is at. */
export type Level = 'all' | 'unit' | 'class' | 'agent' | 'scriptVersion' | 'manager';


export interface CohortRow {
  level: Level;
  key: string | null;
  due: number;
  closed: number;
  unreachable: number;
  /** Final outcomes of the finished callbacks. */
  outcomes: Partial<Record<CallOutcome, number>>;
  firstAttemptP50: number | null;
  firstAttemptP90: number | null;
  finalP50: number | null;
  finalP90: number | null;
  withinDeadline: number;
  finishedLate: number;
  openOverdue: number;
  verdictBearing: number;
  overturnedOnCall: number;
  recheckCompared: number;
  recheckDisagreeing: number;
  /**
   * At the agent level: the month's callbacks the agent worked — took at least once (an attempt by
   * the agent), whoever finished them; the agent's 回访率 is finished / worked. 0 at other levels.
   */
  worked: number;
}

/**
 * A month's funnel over its callbacks (docs/INDICATORS.md, "the callbacks of a month"): sampled →
 * attempted (at least one attempt recorded) → reached (an attempt with contact made) → verdict (a
 * scored result, valid or invalid). Each stage is within the one before.
 */
export interface Funnel {
  sampled: number;
  attempted: number;
  reached: number;
  verdict: number;
}

export interface RatingRow {
  level: Level;
  key: string | null;
  rating: string;
  answers: number;
}

export interface ProductivityRow extends ProductivityCounts {
  agentId: string;
}

export interface ReportGroupRow {
  level: Level;
  key: string | null;
  facts: ReportFacts;
  reports: number;
  late: number;
}

export interface PlanRow {
  level: Level;
  key: string | null;
  planned: number;
  done: number;
}

/** Names of the units, people and script versions a result refers to. */
export async function loadNames(db: DbOrTx, ids: { units: string[]; users: string[]; scriptVersions: string[] }) {
  const arr = (values: string[]) => sql`${`{${values.join(',')}}`}::uuid[]`;
  const [units, users, versions] = await Promise.all([
    ids.units.length ? rows<{ id: string; name: string }>(db, sql`select id::text, name from units where id = any(${arr(ids.units)})`) : [],
    ids.users.length
      ? rows<{ id: string; name: string; username: string; unitId: string | null }>(
          db,
          sql`select id::text, display_name as name, username, unit_id::text as "unitId" from users where id = any(${arr(ids.users)})`,
        )
      : [],
    ids.scriptVersions.length
      ? rows<{ id: string; name: string; version: number }>(
          db,
          sql`select sv.id::text, s.name, sv.version from script_versions sv join callback_scripts s on s.id = sv.script_id where sv.id = any(${arr(ids.scriptVersions)})`,
        )
      : [],
  ]);
  return { units: new Map(units.map((u) => [u.id, u])), users: new Map(users.map((u) => [u.id, u])), scriptVersions: new Map(versions.map((v) => [v.id, v])) };
}

/**
 * The names loadNames gives of every unit and every manager (of one unit, with `unitId`): the
 * managers' side reads them beside its figures (whose managers are among them), not after.
 */
export async function loadManagerNames(db: DbOrTx, unitId: string | null): Promise<Pick<Awaited<ReturnType<typeof loadNames>>, 'units' | 'users'>> {
  const [units, users] = await Promise.all([
    rows<{ id: string; name: string }>(db, sql`select id::text, name from units`),
    rows<{ id: string; name: string; username: string; unitId: string | null }>(
      db,
      sql`select id::text, display_name as name, username, unit_id::text as "unitId" from users where role = 'manager'${unitId ? sql` and unit_id = ${unitId}::uuid` : sql``}`,
    ),
  ]);
  return { units: new Map(units.map((u) => [u.id, u])), users: new Map(users.map((u) => [u.id, u])) };
}

/** Whether a unit, or a user of a role, is there: a filter naming nothing reads as not found. */
export async function exists(db: DbOrTx, what: { unitId: string } | { userId: string; role: 'agent' }): Promise<boolean> {
  const found =
    'unitId' in what
      ? await rows(db, sql`select 1 from units where id = ${what.unitId}::uuid`)
      : await rows(db, sql`select 1 from users where id = ${what.userId}::uuid and role = ${what.role}`);
  return found.length > 0;
}

/** The calling policy's versions (few), to know the calendar in force on each day of a month. */
export async function loadCallingVersions(db: DbOrTx): Promise<{ version: number; effectiveFrom: string; value: unknown }[]> {
  return rows(db, sql`select version, effective_from::text as "effectiveFrom", value from policy_versions where key = 'calling' order by effective_from`);
}
