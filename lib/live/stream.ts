import type { Ctx } from '@/lib/platform/core/context';
import { sseStream } from '@/lib/web/sse';
import { channelsFor } from './channels';
import { liveHub, type LiveHub } from './hub';

/**
 * The signed-in user's live events as Server-Sent Events: `change` with `{ topic, id }` for each
 * change published to the user's own channel (and the staff broadcast for staff and admins).
 * `ready` once subscribed, so a page that reconnects refreshes what it may have missed.
 */
export function liveEventStream({ ctx, signal, sessionEnded, hub = liveHub(), heartbeatMs }: { ctx: Ctx; signal: AbortSignal; sessionEnded?: () => Promise<boolean>; hub?: LiveHub; heartbeatMs?: number }): ReadableStream<Uint8Array> {
  return sseStream({
    signal,
    heartbeatMs,
    sessionEnded,
    what: 'live event',
    start: async (send) => {
      const unsubscribe = await hub.subscribe(channelsFor(ctx.actor), (e) => send('change', { topic: e.topic, id: e.id }));
      send('ready', {});
      return unsubscribe;
    },
  });
}
