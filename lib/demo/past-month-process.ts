/**
 * The demo's last month, worked in a process of its own (seed.ts starts it): the telephony
 * settings are read once per process, and here they must name this process's own Twilio
 * emulator and webhook server — whatever the demo is configured with (never real Twilio: a seed
 * phones nobody). The webhook server hands the emulator's requests to handleTwilioWebhook, the
 * function the app's webhook routes call, with the simulated clock as its "now".
 *
 * Reads the plan (past-month.ts) as JSON on stdin; prints progress lines, then `summary <json>`.
 * Usage: DATABASE_URL=… tsx lib/demo/past-month-process.ts < plan.json
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EMULATOR_ACCOUNT } from '@/lib/telephony/config';
import { createTwilioEmulator } from '@/twilio-emulator';
import type { Db } from '@/db/client';
import type { PastMonthPlan, SimClock } from './past-month';

/** Every emulated delay at 1 % of real time: a call is answered in ~30 ms, rings out in 0.3 s. */
const TIME_SCALE = 0.01;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main() {
  const plan = JSON.parse(await readStdin()) as PastMonthPlan;
  const clock: SimClock = { now: new Date(0) };
  // The app's modules are loaded once the telephony settings below are in place (env() reads
  // them once, on first use); the webhook server only gets requests after that.
  const app: { loaded?: { webhooks: typeof import('@/lib/telephony/webhooks'); db: Db } } = {};

  const hooks = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(body).toString('utf8')));
      app
        .loaded!.webhooks.handleTwilioWebhook(
          { pathAndQuery: req.url ?? '/', params, signature: (req.headers['x-twilio-signature'] as string | undefined) ?? null },
          { db: app.loaded!.db, now: () => clock.now },
        )
        .then(
          (result) => {
            res.writeHead(result.status, { 'Content-Type': result.contentType });
            res.end(result.body);
          },
          (error: unknown) => {
            console.error(error);
            res.writeHead(500);
            res.end();
          },
        );
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', () => resolve()));
  const emulator = createTwilioEmulator({ accountSid: EMULATOR_ACCOUNT.accountSid, authToken: EMULATOR_ACCOUNT.authToken, port: 0, timeScale: TIME_SCALE });
  const emulatorUrl = await emulator.start();
  Object.assign(process.env, {
    TELEPHONY: 'emulator',
    PUBLIC_BASE_URL: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`,
    TWILIO_EMULATOR_URL: emulatorUrl,
    // The emulator's own demo account and caller number.
    TWILIO_ACCOUNT_SID: '',
    TWILIO_AUTH_TOKEN: '',
    TWILIO_CALLER_ID: '',
    // Nothing to keep: the recordings would live in this emulator, gone when the seed ends.
    CALL_RECORDING: 'off',
  });

  const pastMonth = await import('./past-month');
  const { createDb } = await import('@/db/client');
  const { closeQueues } = await import('@/lib/platform/jobs/queues');
  const { sharedRedis } = await import('@/lib/platform/redis/connection');
  const handle = createDb(process.env.DATABASE_URL!, { max: 12 });
  app.loaded = { webhooks: await import('@/lib/telephony/webhooks'), db: handle.db };
  try {
    const summary = await pastMonth.workPastMonth(handle.db, plan, { clock, log: (line) => console.log(line) });
    console.log(`summary ${JSON.stringify(summary)}`);
  } finally {
    await emulator.stop();
    hooks.closeAllConnections();
    await new Promise<void>((resolve) => hooks.close(() => resolve()));
    await closeQueues();
    await sharedRedis().quit();
    await handle.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
