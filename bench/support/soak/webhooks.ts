import { twilioSignature } from '@/lib/telephony/signature';
import type { SoakHttp } from './http';

/**
 * Webhooks arriving out of order and twice, as Twilio's do (it retries, and its requests race):
 * every so often the bench reads the status callbacks the emulator delivered (its /__emulator/calls
 * list), takes a handful of calls, and posts their callbacks again — shuffled, some twice — to
 * the same URLs, signed for PUBLIC_BASE_URL as Twilio signs them. Each must be answered without a
 * 5xx and change nothing (a repeat is stored once; a call only moves forward).
 */
interface Delivery {
  url: string;
  kind: string;
  params: Record<string, string>;
}
interface EmulatedCall {
  sid: string;
  status: string;
  deliveries: Delivery[];
}

export interface ReplayContext {
  http: SoakHttp;
  emulatorUrl: string;
  accountSid: string;
  authToken: string;
  everyMs: number;
  callsPerRound: number;
  stopAt: number;
  counters: { replayed: number; refused: Map<string, number> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

export async function runWebhookReplay(ctx: ReplayContext): Promise<void> {
  const seen = new Set<string>();
  while (Date.now() < ctx.stopAt) {
    await sleep(Math.max(0, Math.min(ctx.everyMs, ctx.stopAt - Date.now())));
    if (Date.now() >= ctx.stopAt) break;
    let calls: EmulatedCall[];
    try {
      // The emulator's control endpoints take the account's credentials, as its REST API does.
      const res = await fetch(`${ctx.emulatorUrl}/__emulator/calls`, {
        headers: { authorization: `Basic ${Buffer.from(`${ctx.accountSid}:${ctx.authToken}`).toString('base64')}` },
      });
      calls = ((await res.json()) as { calls?: EmulatedCall[] }).calls ?? [];
    } catch {
      continue;
    }
    // Calls that ended since the last round (their callbacks all delivered).
    const fresh = calls.filter((c) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(c.status) && !seen.has(c.sid));
    fresh.forEach((c) => seen.add(c.sid));
    const picked = shuffle(fresh).slice(0, ctx.callsPerRound);
    const deliveries = picked.flatMap((c) => c.deliveries.filter((d) => d.kind === 'status' || d.kind === 'amd' || d.kind === 'action'));
    // Out of order (shuffled across calls and within each) and a third of them twice.
    const batch = shuffle([...deliveries, ...deliveries.filter(() => Math.random() < 0.33)]);
    await Promise.all(
      batch.map(async (d) => {
        const url = new URL(d.url);
        const signature = twilioSignature(ctx.authToken, d.url, d.params);
        const route = `POST ${url.pathname} (replayed)`;
        const r = await ctx.http.send(null, 'POST', url.pathname + url.search, route, new URLSearchParams(d.params), { 'x-twilio-signature': signature });
        ctx.counters.replayed++;
        if (r.status >= 300) ctx.counters.refused.set(`${route} ${r.status}`, (ctx.counters.refused.get(`${route} ${r.status}`) ?? 0) + 1);
      }),
    );
  }
}
