import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { callbackStateEnum, callOutcomeEnum, customerClassEnum } from './enums';
import { users } from './org';
import { spotCheckItems } from './spot-checks';
import { visitReports } from './visits';

/**
 * Why a visit was or was not sampled for a callback. One row per visit, ever: the draw is a
 * function of the visit id and the policy version's seed, so deciding again decides the same.
 */
export const samplingDecisions = pgTable(
  'sampling_decisions',
  {
    visitId: uuid()
      .primaryKey()
      .references(() => visitReports.id),
    /**
     * The visit's manager, copied for the per-manager indexes. No foreign key of its own: the
     * visit's keys already guarantee it, and a month's sampling writes a million of these rows.
     */
    managerId: uuid().notNull(),
    /** 'YYYY-MM' of the visit in APP_TIMEZONE. */
    month: text().notNull(),
    policyVersion: integer().notNull(),
    draw: doublePrecision().notNull(),
    sampled: boolean().notNull(),
    /** Catalogue key under sampling.reason.* and its parameters: a readable "why". */
    reasonCode: text().notNull(),
    reasonParams: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /** 'realtime' or 'batch'. */
    decidedBy: text().notNull(),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.managerId, t.month), index().on(t.month, t.sampled)],
);

/**
 * 外呼: one callback of a campaign kind (lib/campaigns): 'verification' verifies one reported
 * visit (回访核实); 'spot_check' asks one customer of a manager's planned day whether the manager
 * came (电话抽查). PostgreSQL is the system of record for its state, attempts, next-attempt time,
 * holder and outcome; BullMQ only drives its timers. Every kind shares the queue, leases, retries
 * and the evidence rules.
 */
export const callbackTasks = pgTable(
  'callback_tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: ['verification', 'spot_check'] })
      .notNull()
      .default('verification'),
    /** The visit a verification callback verifies (null for other kinds). */
    visitId: uuid().references(() => visitReports.id),
    /** The customer a spot-check callback asks (null for other kinds). */
    spotCheckItemId: uuid().references(() => spotCheckItems.id),
    // Customer, manager and unit are the visit's, copied for ordering, scoping and the queue's
    // counts; the visit's foreign keys guarantee them (no checks of their own on the hundreds of
    // thousands of tasks a month's sampling creates).
    customerId: uuid().notNull(),
    managerId: uuid().notNull(),
    unitId: uuid(),
    /** Copied at creation for ordering: A before B before C/D. */
    customerClass: customerClassEnum().notNull(),
    /**
     * The moment the callback is about, oldest first within a rank: the visit's time, or for a
     * spot check the time the visit was planned.
     */
    visitedAt: timestamp({ withTimezone: true }).notNull(),
    state: callbackStateEnum().notNull().default('waiting'),
    /** Why the task exists: 'sampled' (drawn by its campaign: once per visit or spot-check item) or 'recheck' (ordered by a dispute review). */
    origin: text({ enum: ['sampled', 'recheck'] }).notNull().default('sampled'),
    /** Ahead of its class (a dispute re-callback). */
    boosted: boolean().notNull().default(false),
    /** A re-callback's dispute (disputes.id; no FK: the disputes schema builds on this one). */
    disputeId: uuid(),
    /** Never offered to this agent: a re-callback goes to another agent than the disputed call's. */
    excludedAgentId: uuid().references(() => users.id),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * The campaign's deadline: not offered after it, and closed as expired by the timers (a spot
     * check must be asked before the visit could be reported late). Null: no deadline.
     */
    dueBy: timestamp({ withTimezone: true }),
    /** Set while the next attempt is an appointment the customer agreed to. */
    appointmentAt: timestamp({ withTimezone: true }),
    holderId: uuid().references(() => users.id),
    heldAt: timestamp({ withTimezone: true }),
    leaseExpiresAt: timestamp({ withTimezone: true }),
    lastOutcome: callOutcomeEnum(),
    /** The final outcome once closed. */
    outcome: callOutcomeEnum(),
    /** Why staff (or a dispute decision) cancelled it, in words a reviewer reads later. */
    cancelReason: text(),
    closedAt: timestamp({ withTimezone: true }),
    /** The scored result of a completed callback: valid (score ≥ threshold, no knock-out) or invalid. */
    result: text({ enum: ['valid', 'invalid'] }),
    /** Score out of 100 of the completed callback, with the script version it was scored with. */
    score: integer(),
    /**
     * Dispatch order among ready tasks, derived by the database: appointments first, then boosted,
     * then spot checks (their finding is only fair the same day), then class A, B, C/D. With
     * visitedAt (oldest first) it is the index "take next" walks. lib/campaigns/kinds.ts states
     * the kinds' order; a test holds the two together.
     */
    dispatchRank: smallint()
      .notNull()
      .generatedAlwaysAs(
        sql`case when appointment_at is not null then 0 when boosted then 1 when kind = 'spot_check' then 2 when customer_class = 'A' then 3 when customer_class = 'B' then 4 else 5 end`,
      ),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Exactly one callback per visit, whatever re-runs or races happen.
    uniqueIndex('callback_tasks_visit').on(t.visitId).where(sql`${t.origin} = 'sampled'`),
    uniqueIndex('callback_tasks_spot_check_item').on(t.spotCheckItemId).where(sql`${t.origin} = 'sampled'`),
    // An agent holds at most one task at a time.
    uniqueIndex('callback_tasks_one_per_agent').on(t.holderId).where(sql`${t.state} = 'held'`),
    index('callback_tasks_ready_order').on(t.dispatchRank, t.visitedAt, t.id).where(sql`${t.state} = 'ready'`),
    index().on(t.state, t.nextAttemptAt),
    index().on(t.managerId),
    // The callbacks of a month (the indicators' cohort) and what changed since (their catch-up).
    index().on(t.createdAt),
    index().on(t.updatedAt),
    index('callback_tasks_dispute').on(t.disputeId).where(sql`${t.disputeId} is not null`),
    check('callback_tasks_kind_subject', sql`(${t.kind} = 'verification') = (${t.visitId} is not null) and (${t.kind} = 'spot_check') = (${t.spotCheckItemId} is not null)`),
    check('callback_tasks_recheck_has_dispute', sql`(${t.origin} = 'recheck') = (${t.disputeId} is not null)`),
    check('callback_tasks_holder_matches_state', sql`(${t.state} = 'held') = (${t.holderId} is not null)`),
  ],
);

/** Every attempt on a callback, with who made it, how it ended and why. */
export const callbackAttempts = pgTable(
  'callback_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => callbackTasks.id),
    attemptNo: integer().notNull(),
    agentId: uuid()
      .notNull()
      .references(() => users.id),
    outcome: callOutcomeEnum().notNull(),
    appointmentAt: timestamp({ withTimezone: true }),
    notes: text().notNull().default(''),
    /**
     * The call this outcome rests on (calls.id; no FK: the calls schema builds on this one). Set
     * for every outcome that says the contact was reached, unless the attempt was a manual call.
     */
    callId: uuid(),
    /**
     * 人工拨打: the agent dialled from a desk phone while telephony was down, with the calling
     * rules' manual switch on. There is no call record; the notes say why.
     */
    manual: boolean().notNull().default(false),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // ended_at: the attempts recorded in a day (agents worked today, the indicators' day).
  (t) => [uniqueIndex().on(t.taskId, t.attemptNo), index().on(t.endedAt)],
);

/** When each agent's desk last checked in: "online" = seen within the lease time. */
export const agentPresence = pgTable('agent_presence', {
  agentId: uuid()
    .primaryKey()
    .references(() => users.id),
  lastSeenAt: timestamp({ withTimezone: true }).notNull(),
});

/** Queue-wide switches staff control (pausing stops "take next"; timers keep running). */
export const queueControls = pgTable('queue_controls', {
  key: text().primaryKey(),
  paused: boolean().notNull().default(false),
  reason: text().notNull().default(''),
  updatedBy: uuid().references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
