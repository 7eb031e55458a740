import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { queue } from '@/lib/platform/jobs/queues';
import { QUEUE_NAMES } from '@/lib/platform/jobs/registry';

export const DASHBOARD_BASE_PATH = '/api/admin/queues';

const globalForBoard = globalThis as unknown as { __huifangBoards?: Partial<Record<'readOnly' | 'full', Hono>> };

/**
 * bull-board over every queue in the job map, served by Hono inside a Next.js route handler (the
 * route checks sign-in, role and audit before handing the request over). Two boards: staff see
 * the read-only one (no retry, remove or clean buttons, and bull-board refuses those calls too);
 * admin the full one. The plugin's routes are relative, so they are mounted under the base path
 * (Hono's basePath() would only prefix routes added after it: every request was a 404).
 */
export function queuesDashboard(options: { readOnly: boolean }): Hono {
  const key = options.readOnly ? 'readOnly' : 'full';
  const boards = (globalForBoard.__huifangBoards ??= {});
  if (!boards[key]) {
    const adapter = new HonoAdapter(serveStatic);
    adapter.setBasePath(DASHBOARD_BASE_PATH);
    createBullBoard({
      queues: QUEUE_NAMES.map((name) => new BullMQAdapter(queue(name), { readOnlyMode: options.readOnly })),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: 'Huifang queues' } },
    });
    boards[key] = new Hono().route(DASHBOARD_BASE_PATH, adapter.registerPlugin());
  }
  return boards[key];
}

/** The queue a dashboard API call acts on (`/api/admin/queues/api/queues/<name>/…`), if any. */
export function queueNameOf(pathname: string): string | null {
  const match = /^\/api\/admin\/queues\/api\/queues\/([^/]+)/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}
