import type { RedisClient } from '@/lib/platform/redis/connection';
import { RedisFanout } from '@/lib/platform/redis/fanout';
import { parseLiveEvent, type LiveEvent } from './channels';

/**
 * Each web process keeps ONE Redis subscriber for live events (as the call status does, see
 * lib/telephony/live.ts) and fans each message out to the SSE streams listening on its channel.
 */
export class LiveHub extends RedisFanout<LiveEvent> {
  constructor(connect?: () => RedisClient) {
    super('live event', parseLiveEvent, connect);
  }
}

const globalForHub = globalThis as unknown as { __huifangLiveHub?: LiveHub };

/** The process's one hub (one Redis subscriber connection per process). */
export function liveHub(): LiveHub {
  globalForHub.__huifangLiveHub ??= new LiveHub();
  return globalForHub.__huifangLiveHub;
}
