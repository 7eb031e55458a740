import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/core/context';
import { logger } from '@/lib/log';
import { latestCallForAgent } from './calls';
import { callStatusHub, type CallStatusHub } from './live';

/**
 * The agent's live call status as Server-Sent Events: `snapshot` (the latest call, or null) on
 * connect, then `call` with the full agent view on every change of one of the agent's own calls
 * — pushed through the process's Redis subscriber (live.ts), never polled. A comment line every
 * `heartbeatMs` keeps proxies from closing an idle stream. No phone number is ever sent.
 */
export function callEventStream({
  ctx,
  signal,
  hub = callStatusHub(),
  heartbeatMs = 20_000,
}: {
  ctx: Ctx;
  signal: AbortSignal;
  hub?: CallStatusHub;
  heartbeatMs?: number;
}): ReadableStream<Uint8Array> {
  assertRole(ctx.actor, 'agent');
  const encoder = new TextEncoder();
  let stop: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let unsubscribe: (() => Promise<void>) | undefined;
      const write = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          stop?.();
        }
      };
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      // A comment line now and then keeps proxies from closing an idle stream.
      const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        void unsubscribe?.();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      if (signal.aborted) return stop();
      signal.addEventListener('abort', () => stop?.(), { once: true });
      write('retry: 3000\n\n');
      try {
        // Subscribe first, then read the snapshot: a change in between is sent twice, never lost.
        unsubscribe = await hub.subscribe(ctx.actor.id, (view) => send('call', view));
        if (closed) return void unsubscribe();
        send('snapshot', { call: await latestCallForAgent({ ctx }) });
      } catch (err) {
        logger.warn({ err }, 'call status stream could not start');
        send('unavailable', { code: 'telephony.liveUnavailable' });
        return stop();
      }
    },
    cancel() {
      stop?.();
    },
  });
}
