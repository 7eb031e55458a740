import { logger } from '@/lib/platform/log';

export type SseSend = (event: string, data: unknown) => void;

/**
 * A Server-Sent Events stream: `retry` first, a comment line every `heartbeatMs` (proxies close
 * idle streams), closed when the client goes away (`signal`). `start` subscribes and sends the
 * first events; it returns the unsubscribe function, called when the stream ends. If it throws,
 * `onError` may send a last event before the stream closes. With `sessionEnded`, each heartbeat
 * also asks whether the user's session still holds: a stream outlives the request that checked
 * it, so after 退出, deactivation or a role change it sends `signedOut` and closes (within one
 * heartbeat) instead of carrying events to a session that has ended.
 */
export function sseStream(options: {
  signal: AbortSignal;
  heartbeatMs?: number;
  what: string;
  start: (send: SseSend, isClosed: () => boolean) => Promise<() => Promise<void> | void>;
  onError?: (send: SseSend) => void;
  sessionEnded?: () => Promise<boolean>;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let unsubscribe: (() => Promise<void> | void) | undefined;
      const write = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          stop?.();
        }
      };
      const send: SseSend = (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const checkSession = async () => {
        const ended = await options.sessionEnded!().catch((err: unknown) => {
          // The database is unreachable for a moment: the next heartbeat asks again.
          logger.warn({ err }, `${options.what} stream could not check its session`);
          return false;
        });
        if (!ended || closed) return;
        send('signedOut', {});
        stop?.();
      };
      const heartbeat = setInterval(() => {
        write(': ping\n\n');
        if (options.sessionEnded) void checkSession();
      }, options.heartbeatMs ?? 20_000);
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
      if (options.signal.aborted) return stop();
      options.signal.addEventListener('abort', () => stop?.(), { once: true });
      write('retry: 3000\n\n');
      try {
        unsubscribe = await options.start(send, () => closed);
        if (closed) void unsubscribe();
      } catch (err) {
        logger.warn({ err }, `${options.what} stream could not start`);
        options.onError?.(send);
        return stop();
      }
    },
    cancel() {
      stop?.();
    },
  });
}

/** The response carrying an SSE stream: never cached or buffered on the way (nginx: X-Accel-Buffering). */
export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
