import type { Redis } from 'ioredis';
import { logger } from '@/lib/log';
import { newRedisConnection } from '@/lib/redis/connection';
import { parseLiveEvent, type LiveEvent } from './channels';

type Listener = (event: LiveEvent) => void;

/**
 * Each web process keeps ONE Redis subscriber for live events (as the call status does, see
 * lib/telephony/live.ts) and fans each message out to the SSE streams listening on its channel.
 */
export class LiveHub {
  private subscriber: Redis | null = null;
  private readonly entries = new Map<string, { listeners: Set<Listener>; ready: Promise<void> }>();

  constructor(private readonly connect: () => Redis = () => newRedisConnection()) {}

  /** Starts delivering the channels' events to `listener`; returns the unsubscribe function. */
  async subscribe(channels: readonly string[], listener: Listener): Promise<() => Promise<void>> {
    const sub = this.connection();
    const ready: Promise<void>[] = [];
    for (const channel of channels) {
      let entry = this.entries.get(channel);
      if (!entry) {
        entry = { listeners: new Set(), ready: sub.subscribe(channel).then(() => undefined) };
        this.entries.set(channel, entry);
      }
      entry.listeners.add(listener);
      ready.push(entry.ready);
    }
    await Promise.all(ready);
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      for (const channel of channels) {
        const current = this.entries.get(channel);
        current?.listeners.delete(listener);
        if (current && current.listeners.size === 0) {
          this.entries.delete(channel);
          await sub.unsubscribe(channel).catch(() => undefined);
        }
      }
    };
  }

  async close(): Promise<void> {
    this.entries.clear();
    const sub = this.subscriber;
    this.subscriber = null;
    await sub?.quit().catch(() => undefined);
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const sub = this.connect();
    sub.on('message', (channel: string, message: string) => {
      const set = this.entries.get(channel)?.listeners;
      if (!set) return;
      const event = parseLiveEvent(message);
      if (!event) return;
      for (const listener of set) {
        try {
          listener(event);
        } catch (err) {
          logger.warn({ err }, 'live event listener failed');
        }
      }
    });
    sub.on('error', (err) => logger.warn({ err }, 'live event subscriber error'));
    this.subscriber = sub;
    return sub;
  }
}

const globalForHub = globalThis as unknown as { __huifangLiveHub?: LiveHub };

/** The process's one hub (one Redis subscriber connection per process). */
export function liveHub(): LiveHub {
  globalForHub.__huifangLiveHub ??= new LiveHub();
  return globalForHub.__huifangLiveHub;
}
