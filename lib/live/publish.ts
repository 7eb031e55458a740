import { logger } from '@/lib/platform/log';
import { sharedRedis } from '@/lib/platform/redis/connection';
import { staffChannel, userChannel, type LiveEvent } from './channels';

/**
 * Publishing "something changed" — always AFTER the change committed (a page refreshed on the
 * event must find it). Never throws: the database has the change, and a page that missed the
 * event shows it on its next load.
 */
export async function publishLive(to: { users?: readonly (string | null | undefined)[]; staff?: boolean }, event: LiveEvent): Promise<void> {
  const channels = [...new Set((to.users ?? []).filter((u): u is string => !!u))].map(userChannel);
  if (to.staff) channels.push(staffChannel());
  if (channels.length === 0) return;
  const message = JSON.stringify({ topic: event.topic, id: event.id });
  try {
    const redis = sharedRedis();
    await Promise.all(channels.map((c) => redis.publish(c, message)));
  } catch (err) {
    logger.warn({ err, topic: event.topic }, 'live event not published');
  }
}

/** The queue page needs no more than one refresh a second, however busy the desk. */
export const QUEUE_THROTTLE_MS = 1000;
const queueState = globalThis as unknown as { __huifangLiveQueue?: { lastAt: number; timer: ReturnType<typeof setTimeout> | null } };

/**
 * Tells staff the queue counts changed: at most one event per second per process (the first at
 * once, a burst ending in one more event a second later, so the last change is never missed).
 */
export function publishQueueChanged(): void {
  const state = (queueState.__huifangLiveQueue ??= { lastAt: 0, timer: null });
  if (state.timer) return;
  const wait = state.lastAt + QUEUE_THROTTLE_MS - Date.now();
  const fire = () => {
    state.timer = null;
    state.lastAt = Date.now();
    void publishLive({ staff: true }, { topic: 'queue', id: null });
  };
  if (wait <= 0) return fire();
  state.timer = setTimeout(fire, wait);
  state.timer.unref?.();
}
