import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { callbackAttempts, callbackTasks } from './callbacks';
import { scriptVersions } from './scripts';
import { users } from './org';

/**
 * A call placed through the telephony provider for a callback: the agent's phone is rung first,
 * then the contact is dialled. The contact's number is stored here for the provider only; it is
 * never sent to an agent's browser.
 */
export const calls = pgTable(
  'calls',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => callbackTasks.id),
    agentId: uuid()
      .notNull()
      .references(() => users.id),
    /**
     * The attempt this call was placed for (the task's attempts + 1 when placed): the evidence an
     * outcome recorded for that attempt rests on. Null only on calls made before it was kept.
     */
    attemptNo: integer(),
    provider: text({ enum: ['emulator', 'twilio'] }).notNull(),
    /** The provider's id of the agent leg (Twilio CallSid). */
    sid: text().unique(),
    /** The provider's id of the customer leg, once dialled. */
    customerLegSid: text(),
    agentNumber: text().notNull(),
    customerNumber: text().notNull(),
    callerId: text().notNull(),
    /** queued → initiated → ringing → in-progress → completed | busy | no-answer | failed | canceled */
    status: text().notNull().default('queued'),
    customerLegStatus: text(),
    answeredAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    durationSeconds: integer(),
    recordingSid: text(),
    recordingUrl: text(),
    recordingDurationSeconds: integer(),
    errorCode: text(),
    errorMessage: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.taskId, t.attemptNo), index().on(t.agentId, t.createdAt), index().on(t.createdAt)],
);

/** Every status callback received, as received (idempotency key: call, leg, status, sequence). */
export const callEvents = pgTable(
  'call_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    callId: uuid()
      .notNull()
      .references(() => calls.id),
    leg: text({ enum: ['agent', 'customer', 'recording'] }).notNull(),
    status: text().notNull(),
    sequence: integer().notNull().default(0),
    payload: jsonb().$type<Record<string, string>>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('call_events_once').on(t.callId, t.leg, t.status, t.sequence), index().on(t.callId, t.receivedAt)],
);

/** Answers given so far on a held callback: saved as they are given, so a refresh loses nothing. */
export const callbackDrafts = pgTable('callback_drafts', {
  taskId: uuid()
    .primaryKey()
    .references(() => callbackTasks.id),
  agentId: uuid()
    .notNull()
    .references(() => users.id),
  scriptVersionId: uuid()
    .notNull()
    .references(() => scriptVersions.id),
  answers: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  notes: text().notNull().default(''),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The scored answers of a callback attempt that followed the script. The score is computed on the
 * server from the published version and the answers; the attempt is its idempotency key.
 */
export const callbackResults = pgTable(
  'callback_results',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => callbackTasks.id),
    attemptId: uuid()
      .notNull()
      .references(() => callbackAttempts.id),
    scriptVersionId: uuid()
      .notNull()
      .references(() => scriptVersions.id),
    answers: jsonb().$type<Record<string, unknown>>().notNull(),
    score: integer().notNull(),
    maxScore: integer().notNull(),
    knockedOut: text(),
    /** For blind scripts: how what the customer said compares with the report, per question. */
    comparison: jsonb().$type<Record<string, unknown>>(),
    result: text({ enum: ['valid', 'invalid'] }).notNull(),
    agentId: uuid()
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.attemptId), index().on(t.taskId)],
);
