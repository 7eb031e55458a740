import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { sseStream } from '@/lib/web/sse';
import { latestCallForAgent } from './calls';
import { callStatusHub, type CallStatusHub } from './live';

/**
 * The agent's live call status as Server-Sent Events: `snapshot` (the latest call, or null) on
 * connect, then `call` with the full agent view on every change of one of the agent's own calls
 * — pushed through the process's Redis subscriber (live.ts), never polled. No phone number is
 * ever sent.
 */
export function callEventStream({ ctx, signal, sessionEnded, hub = callStatusHub(), heartbeatMs }: { ctx: Ctx; signal: AbortSignal; sessionEnded?: () => Promise<boolean>; hub?: CallStatusHub; heartbeatMs?: number }): ReadableStream<Uint8Array> {
  assertRole(ctx.actor, 'agent');
  return sseStream({
    signal,
    heartbeatMs,
    sessionEnded,
    what: 'call status',
    start: async (send) => {
      // Subscribe first, then read the snapshot: a change in between is sent twice, never lost.
      const unsubscribe = await hub.subscribe(ctx.actor.id, (view) => send('call', view));
      try {
        send('snapshot', { call: await latestCallForAgent({ ctx }) });
      } catch (err) {
        await unsubscribe();
        throw err;
      }
      return unsubscribe;
    },
    onError: (send) => send('unavailable', { code: 'telephony.liveUnavailable' }),
  });
}
