import { and, desc, eq, inArray, like, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callEvents, calls } from '@/db/schema';
import { AMD_STATUS_PREFIX } from '@/lib/calling/call-record';
import type { CallOutcome } from '@/lib/calling/outcomes';
import { callPhase, callResult, type CallPhase, type CallResult } from './status';

/**
 * A call as its agent sees it — in the desk, the SSE stream and every JSON answer. Built only
 * from statuses and times: it carries no phone number at all (the contact's full number never
 * reaches an agent's browser; the desk shows the masked one from the callback preview).
 */
export interface CallView {
  id: string;
  taskId: string;
  phase: CallPhase;
  /** Null while the call is on. */
  result: CallResult | null;
  agentLeg: string;
  customerLeg: string | null;
  /** The agent's phone answered (the contact is being dialled or is connected). */
  agentAnswered: boolean;
  createdAt: string;
  /** When the contact answered. */
  answeredAt: string | null;
  endedAt: string | null;
  /** Talk time with the contact, once known. */
  durationSeconds: number | null;
  recorded: boolean;
  /** The attempt outcome the call recorded by itself (nobody reached, network failure), if any. */
  outcome: RecordedOutcome | null;
  /** errors.* catalogue key when placing the call failed. */
  error: { code: string; params: Record<string, string | number> } | null;
  updatedAt: string;
}

export interface RecordedOutcome {
  outcome: CallOutcome;
  attemptNo: number;
  state: 'waiting' | 'closed' | 'unreachable';
  nextAttemptAt: string | null;
}

/** Marker event: the call's automatic outcome was decided (once per call, by the unique key). */
export const SETTLED_STATUS = 'settled';

export type CallRow = typeof calls.$inferSelect;

export interface CallFacts {
  answeredBy: string | null;
  settled: { outcome: RecordedOutcome | null } | null;
}

export async function callFacts(db: DbOrTx, callId: string): Promise<CallFacts> {
  const rows = await db
    .select({ status: callEvents.status, payload: callEvents.payload, receivedAt: callEvents.receivedAt })
    .from(callEvents)
    .where(and(eq(callEvents.callId, callId), or(eq(callEvents.status, SETTLED_STATUS), like(callEvents.status, `${AMD_STATUS_PREFIX}%`))))
    .orderBy(desc(callEvents.receivedAt));
  const amd = rows.find((r) => r.status.startsWith(AMD_STATUS_PREFIX));
  const settled = rows.find((r) => r.status === SETTLED_STATUS);
  return {
    answeredBy: amd ? amd.status.slice(AMD_STATUS_PREFIX.length) : null,
    settled: settled ? { outcome: readOutcome(settled.payload) } : null,
  };
}

function readOutcome(payload: Record<string, string>): RecordedOutcome | null {
  if (!payload.outcome || payload.recorded !== 'true') return null;
  return {
    outcome: payload.outcome as CallOutcome,
    attemptNo: Number(payload.attemptNo),
    state: payload.state as RecordedOutcome['state'],
    nextAttemptAt: payload.nextAttemptAt || null,
  };
}

const ERROR_CODES: Record<string, string> = {
  provider_unavailable: 'telephony.providerDown',
  provider_refused: 'telephony.providerRefused',
  line_busy: 'telephony.lineBusy',
};

export function toCallView(row: CallRow, facts: CallFacts): CallView {
  const state = { status: row.status, customerLegStatus: row.customerLegStatus, answeredBy: facts.answeredBy, errorCode: row.errorCode };
  return {
    id: row.id,
    taskId: row.taskId,
    phase: callPhase(state),
    result: callResult(state),
    agentLeg: row.status,
    customerLeg: row.customerLegStatus,
    agentAnswered: row.status === 'in-progress' || row.customerLegStatus != null,
    createdAt: row.createdAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds: row.durationSeconds,
    recorded: row.recordingSid != null,
    outcome: facts.settled?.outcome ?? null,
    error: row.errorCode ? { code: ERROR_CODES[row.errorCode] ?? 'telephony.providerDown', params: row.errorCode === 'provider_refused' ? { code: providerCodeOf(row.errorMessage) } : {} } : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** errorMessage of a refused call starts with the provider's code in brackets: "[21211] …". */
function providerCodeOf(message: string | null): string {
  return /^\[(\d+)\]/.exec(message ?? '')?.[1] ?? '—';
}

export async function loadCallView(db: DbOrTx, callId: string): Promise<CallView | null> {
  const [row] = await db.select().from(calls).where(eq(calls.id, callId));
  if (!row) return null;
  return toCallView(row, await callFacts(db, callId));
}

export async function loadCallViews(db: DbOrTx, rows: CallRow[]): Promise<CallView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const events = await db
    .select({ callId: callEvents.callId, status: callEvents.status, payload: callEvents.payload, receivedAt: callEvents.receivedAt })
    .from(callEvents)
    .where(and(inArray(callEvents.callId, ids), or(eq(callEvents.status, SETTLED_STATUS), like(callEvents.status, `${AMD_STATUS_PREFIX}%`))))
    .orderBy(desc(callEvents.receivedAt));
  return rows.map((row) => {
    const mine = events.filter((e) => e.callId === row.id);
    const amd = mine.find((r) => r.status.startsWith(AMD_STATUS_PREFIX));
    const settled = mine.find((r) => r.status === SETTLED_STATUS);
    return toCallView(row, {
      answeredBy: amd ? amd.status.slice(AMD_STATUS_PREFIX.length) : null,
      settled: settled ? { outcome: readOutcome(settled.payload) } : null,
    });
  });
}
