import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { callbackTasks, callEvents, calls, policyVersions, visitReportContacts, visitReports } from '@/db/schema';
import { EMULATOR_ACCOUNT } from '@/lib/telephony/config';
import { createTwilioEmulator, type TwilioEmulator } from '@/twilio-emulator';
import { handleTwilioWebhook } from '@/lib/telephony/webhooks';
import { makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';

/**
 * The telephony tests' world: the emulator in-process on a free port, and a small local HTTP
 * server that hands the emulator's webhooks to handleTwilioWebhook — the same function the
 * Next route handlers call — with PUBLIC_BASE_URL pointing at it.
 */
export interface Telephony {
  emulator: TwilioEmulator;
  hooksUrl: string;
  emulatorPort: number;
  /** Every webhook answered, as the emulator saw it. */
  answered: { path: string; status: number }[];
  restartEmulator(options?: { callerIds?: string[] }): Promise<void>;
  close(): Promise<void>;
}

export const TIME_SCALE = 0.05;

export async function startTelephony(getDb: () => Db): Promise<Telephony> {
  const answered: Telephony['answered'] = [];
  const hooks = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      handleTwilioWebhook({ pathAndQuery: req.url ?? '/', params, signature: (req.headers['x-twilio-signature'] as string | undefined) ?? null }, { db: getDb() })
        .then((result) => {
          answered.push({ path: (req.url ?? '').split('?')[0], status: result.status });
          res.writeHead(result.status, { 'Content-Type': result.contentType });
          res.end(result.body);
        })
        .catch((err: unknown) => {
          answered.push({ path: (req.url ?? '').split('?')[0], status: 500 });
          res.writeHead(500);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', () => resolve()));
  const hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;

  const make = (port: number, callerIds?: string[]) =>
    createTwilioEmulator({ accountSid: EMULATOR_ACCOUNT.accountSid, authToken: EMULATOR_ACCOUNT.authToken, port, timeScale: TIME_SCALE, callerIds });
  let emulator = make(0);
  const emulatorUrl = await emulator.start();
  const emulatorPort = Number(new URL(emulatorUrl).port);

  // Read by env() on first use in this test file (each file runs with fresh modules).
  const saved = { TELEPHONY: process.env.TELEPHONY, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL, TWILIO_EMULATOR_URL: process.env.TWILIO_EMULATOR_URL };
  process.env.TELEPHONY = 'emulator';
  process.env.PUBLIC_BASE_URL = hooksUrl;
  process.env.TWILIO_EMULATOR_URL = emulatorUrl;

  const telephony: Telephony = {
    get emulator() {
      return emulator;
    },
    hooksUrl,
    emulatorPort,
    answered,
    async restartEmulator(options = {}) {
      await emulator.stop();
      emulator = make(emulatorPort, options.callerIds);
      await emulator.start();
    },
    async close() {
      await emulator.stop();
      hooks.closeAllConnections();
      await new Promise<void>((resolve) => hooks.close(() => resolve()));
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
  return telephony;
}

/** Every day, all day: calls may be placed whenever the test runs (the hours rule has its own test). */
export async function allowCallingAlways(db: Db, callsPerSecond = 50) {
  await db.insert(policyVersions).values({
    key: 'calling',
    version: 1,
    effectiveFrom: '2000-01-01',
    value: {
      windows: [{ start: '00:00', end: '24:00' }],
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      holidays: [],
      makeUpWorkdays: [],
      maxAttempts: 3,
      retrySpacingMinutes: 120,
      retryDifferentHalfDay: true,
      callsPerSecond,
      leaseSeconds: 90,
    },
  });
}

let agentSeq = 0;

/** A visit of a contact with `contactPhone`, sampled into a callback held by a new agent. */
export async function heldCallback(db: Db, contactPhone: string, options: { held?: boolean } = {}) {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const agent = await makeUser(db, 'agent', { phone: `+8613700${String(20_000 + ++agentSeq).padStart(6, '0')}` });
  const customer = await makeCustomer(db, unit.id, { class: 'B' });
  const contact = await makeContact(db, customer.id, { phone: contactPhone, role: 'key_person' });
  const visitedAt = new Date(Date.now() - 3 * 86_400_000);
  const [visit] = await db
    .insert(visitReports)
    .values({ managerId: manager.id, customerId: customer.id, type: 'on_site', visitedAt, reportedAt: visitedAt, purpose: '了解专线需求', createdBy: manager.id })
    .returning();
  await db.insert(visitReportContacts).values({ visitId: visit.id, contactId: contact.id });
  const held = options.held ?? true;
  const [task] = await db
    .insert(callbackTasks)
    .values({
      visitId: visit.id,
      customerId: customer.id,
      managerId: manager.id,
      unitId: unit.id,
      customerClass: 'B',
      visitedAt,
      state: held ? 'held' : 'ready',
      nextAttemptAt: new Date(Date.now() - 60_000),
      holderId: held ? agent.id : null,
      heldAt: held ? new Date() : null,
      leaseExpiresAt: held ? new Date(Date.now() + 3600_000) : null,
    })
    .returning();
  // A verification callback: its visit is known (the column is null only for other campaign kinds).
  return { agent, contact, task: { ...task, visitId: visit.id }, manager };
}

export async function history(db: Db, callId: string) {
  const rows = await db.select().from(callEvents).where(eq(callEvents.callId, callId)).orderBy(asc(callEvents.receivedAt), asc(callEvents.sequence));
  const leg = (name: 'agent' | 'customer' | 'recording') => rows.filter((r) => r.leg === name && r.status !== 'settled').map((r) => r.status);
  return { agent: leg('agent'), customer: leg('customer'), recording: leg('recording'), rows };
}

export async function callRow(db: Db, callId: string) {
  const [row] = await db.select().from(calls).where(eq(calls.id, callId));
  return row;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The forms a full number could take in text: E.164 and the national number. */
export function numberForms(e164: string): string[] {
  return [e164, e164.replace(/^\+86/, '')];
}
