import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { env } from '@/lib/platform/config/env';
import { makeUser } from '../support/factories';
import { signInAs } from '../support/request-cookies';
import { testDb } from '../support/worker-setup';
import { heldCallback } from './telephony-harness';

/*
 * "This callback is no longer yours" through the route the desk calls: one status (409, reload the
 * page) whichever held-task route refuses it. The session cookie is a real one, read by the real
 * defineRoute; only Next's request-scoped cookie store is stood in for.
 */
vi.mock('server-only', () => ({}));
vi.mock('next/headers', async () => (await import('../support/request-cookies')).nextHeadersStandIn);

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

function put(path: string, body: unknown) {
  const base = env().PUBLIC_BASE_URL;
  return new Request(new URL(path, base), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: new URL(base).origin, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify(body),
  });
}

describe('the holder refusal through its routes', () => {
  it('another agent saving a draft of a callback they do not hold gets 409 callbacks.notHolder, as the lease heartbeat does', async () => {
    const { task } = await heldCallback(db, '+8613800138061');
    const other = await makeUser(db, 'agent');
    await signInAs(other);

    const { PUT } = await import('@/app/api/desk/callbacks/[id]/draft/route');
    const draft = await PUT(put(`/api/desk/callbacks/${task.id}/draft`, { answers: {}, notes: '' }), { params: Promise.resolve({ id: task.id }) });
    expect(draft.status).toBe(409);
    expect(await draft.json()).toMatchObject({ code: 'callbacks.notHolder', error: expect.stringContaining('不在您名下') });

    const { POST } = await import('@/app/api/callbacks/[id]/lease/route');
    const base = env().PUBLIC_BASE_URL;
    const lease = await POST(
      new Request(new URL(`/api/callbacks/${task.id}/lease`, base), { method: 'POST', headers: { origin: new URL(base).origin, 'sec-fetch-site': 'same-origin' } }),
      { params: Promise.resolve({ id: task.id }) },
    );
    expect(lease.status).toBe(409);
    expect(await lease.json()).toMatchObject({ code: 'callbacks.notHolder' });
  });
});
