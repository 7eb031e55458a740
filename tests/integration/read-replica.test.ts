import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { createDb, type Db, type DbHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { GET as exportGET } from '@/app/api/exports/[kind]/route';
import { GET as meGET } from '@/app/api/me/route';
import { env } from '@/lib/platform/config/env';
import { appDb, closeReportsDb, reportsDb } from '@/lib/platform/db';
import { makeUser } from '../support/factories';
import { requestCookies, signInAs } from '../support/request-cookies';
import { adminSql } from '../support/test-db';
import { testDb } from '../support/worker-setup';

/*
 * DATABASE_REPLICA_URL (docs/DEPLOYMENT.md, "A read replica"): the reads marked as tolerating a
 * replica's lag go there, everything else to the primary. The "replica" here is a database of its
 * own holding other rows than the primary, so a read shows which one it went to.
 */
vi.mock('server-only', () => ({}));
vi.mock('next/headers', async () => (await import('../support/request-cookies')).nextHeadersStandIn);

// Before anything reads the configuration (worker-setup.ts has set this worker's DATABASE_URL).
const replicaUrl = vi.hoisted(() => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_replica`;
  process.env.DATABASE_REPLICA_URL = url.toString();
  return url.toString();
});
const replicaName = new URL(replicaUrl).pathname.slice(1);

let db: Db;
let replica: DbHandle;

beforeAll(async () => {
  const sql = adminSql();
  try {
    await sql.unsafe(`drop database if exists "${replicaName}" with (force)`);
    await sql.unsafe(`create database "${replicaName}" template "${inject('templateDb')}"`);
  } finally {
    await sql.end();
  }
  replica = createDb(replicaUrl, { max: 2 });
});

afterAll(async () => {
  await closeReportsDb();
  await replica.close();
  delete process.env.DATABASE_REPLICA_URL;
  const sql = adminSql();
  try {
    await sql.unsafe(`drop database if exists "${replicaName}" with (force)`);
  } finally {
    await sql.end();
  }
});

beforeEach(async () => {
  db = (await testDb()).db;
  requestCookies.clear();
  await replica.db.delete(auditLog);
});

describe('DATABASE_REPLICA_URL', () => {
  it('sends an export to the replica, while the session is checked on the primary', async () => {
    expect(env().DATABASE_REPLICA_URL).toBe(replicaUrl);
    expect(reportsDb()).not.toBe(appDb());
    // The staff member exists on the primary only: signing in is checked there.
    const staff = await makeUser(db, 'staff');
    await db.insert(auditLog).values({ action: 'month.closed', entityType: 'month', entityId: 'on-the-primary' });
    await replica.db.insert(auditLog).values({ action: 'month.closed', entityType: 'month', entityId: 'on-the-replica' });
    await signInAs(staff);

    const me = await meGET(new Request(new URL('/api/me', env().PUBLIC_BASE_URL)), { params: Promise.resolve({}) });
    expect(await me.json()).toMatchObject({ id: staff.id });

    const url = new URL('/api/exports/audit-log?format=csv', env().PUBLIC_BASE_URL);
    const file = await exportGET(new Request(url), { params: Promise.resolve({ kind: 'audit-log' }) });
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(text).toContain('on-the-replica');
    expect(text).not.toContain('on-the-primary');
  });
});
