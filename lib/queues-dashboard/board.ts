import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { queue } from '@/lib/jobs/queues';
import { QUEUE_NAMES } from '@/lib/jobs/registry';

export const DASHBOARD_BASE_PATH = '/api/admin/queues';

const globalForBoard = globalThis as unknown as { __huifangBoard?: Hono };

/**
 * bull-board over every queue in the job map, served by Hono inside a Next.js route handler (the
 * route checks sign-in and role before handing the request over).
 */
export function queuesDashboard(): Hono {
  if (!globalForBoard.__huifangBoard) {
    const adapter = new HonoAdapter(serveStatic);
    adapter.setBasePath(DASHBOARD_BASE_PATH);
    createBullBoard({
      queues: QUEUE_NAMES.map((name) => new BullMQAdapter(queue(name))),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: 'Huifang queues' } },
    });
    globalForBoard.__huifangBoard = adapter.registerPlugin().basePath(DASHBOARD_BASE_PATH) as unknown as Hono;
  }
  return globalForBoard.__huifangBoard;
}
