import type { Ctx } from '@/lib/core/context';
import { logger } from '@/lib/log';
import { channelsFor } from './channels';
import { liveHub, type LiveHub } from './hub';

/**
 * The signed-in user's live events as Server-Sent Events: `change` with `{ topic, id }` for each
 * change published to the user's own channel (and the staff broadcast for staff and admins).
 * `ready` once subscribed, so a page that reconnects refreshes what it may have missed. A comment
 * line every `heartbeatMs` keeps proxies from closing an idle stream.
 */
export function liveEventStream({
  ctx,
  signal,
  hub = liveHub(),
  heartbeatMs = 20_000,
}: {
  ctx: Ctx;
  signal: AbortSignal;
  hub?: LiveHub;
  heartbeatMs?: number;
}): ReadableStream<Uint8Array> {
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
        unsubscribe = await hub.subscribe(channelsFor(ctx.actor), (e) => send('change', { topic: e.topic, id: e.id }));
        if (closed) return void unsubscribe();
        send('ready', {});
      } catch (err) {
        logger.warn({ err }, 'live event stream could not start');
        return stop();
      }
    },
    cancel() {
      stop?.();
    },
  });
}
