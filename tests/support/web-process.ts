/**
 * One web process of the multi-process test (tests/integration/multi-process.test.ts): what a
 * production web process is to a load balancer, without a Next.js build. A node:http server hands
 * each request to the app's real route handlers — defineRoute's session check against the
 * database, origin and body checks, the verbs — inside the request store that
 * next-request-stand-in.cjs (preloaded with `--require`) gives `next/headers`. It shares nothing
 * with its sibling but DATABASE_URL, REDIS_URL/QUEUE_PREFIX and NEXTAUTH_SECRET.
 *
 *   POST /api/callbacks/next      the desk's "save and next" (app/api/callbacks/next/route.ts)
 *   GET  /api/me                  the smallest authenticated route (app/api/me/route.ts)
 *   POST /test/sign-in            next-auth's own sign-in (its core handler with the app's options,
 *                                 as /api/auth/* runs it): { username, password } → { token }
 *   POST /test/enqueue            a producer's enqueue (lib/platform/jobs/queues.ts), as the pages'
 *                                 actions do after their writes: { name, payload }
 *
 * Prints `ready <port>` once listening (port 0: any free one); SIGTERM, or its stdin closing, closes it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AsyncLocalStorage } from 'node:async_hooks';
import { POST as takeNext } from '@/app/api/callbacks/next/route';
import { GET as me } from '@/app/api/me/route';
import { env } from '@/lib/platform/config/env';
import { closeQueues, enqueue } from '@/lib/platform/jobs/queues';
import type { JobName, JobPayload } from '@/lib/platform/jobs/registry';
import { AuthClient } from './auth-client';

const request = (globalThis as unknown as { __huifangRequest: AsyncLocalStorage<{ headers: Record<string, string> }> }).__huifangRequest;
if (!request) throw new Error('start with --require ./tests/support/next-request-stand-in.cjs');

type RouteHandler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: Record<string, RouteHandler> = {
  'POST /api/callbacks/next': takeNext,
  'GET /api/me': me,
};

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const body = await readBody(req);
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const key = `${req.method} ${path}`;
  if (key === 'POST /test/sign-in') {
    const { username, password } = JSON.parse(body.toString()) as { username: string; password: string };
    const client = new AuthClient();
    const { ok } = await client.signIn(username, password);
    return send(res, ok ? 200 : 401, { token: client.sessionToken() ?? null });
  }
  if (key === 'POST /test/enqueue') {
    const { name, payload } = JSON.parse(body.toString()) as { name: JobName; payload: JobPayload<JobName> };
    await enqueue(name, payload);
    return send(res, 200, { ok: true });
  }
  const route = routes[key];
  if (!route) return send(res, 404, { error: `no route ${key} in this test web process` });
  const headers = Object.fromEntries(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : Array.isArray(v) ? [[k, v.join(', ')]] : [])));
  const web = new Request(new URL(req.url ?? '/', env().PUBLIC_BASE_URL), {
    method: req.method,
    headers,
    body: body.byteLength > 0 ? new Uint8Array(body) : undefined,
  });
  const answer = await request.run({ headers }, () => route(web, { params: Promise.resolve({}) }));
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(Buffer.from(await answer.arrayBuffer()));
}

async function main() {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, { error: String(error) });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
  // SIGTERM, or the test process gone (its end of stdin closed): never left running on its own.
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.stdin.once('end', resolve).resume();
  });
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeQueues();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
