import { logger } from '@/lib/platform/log';
import { newRedisConnection, type RedisClient } from './connection';

/**
 * One Redis subscriber connection per process, fanning each message of a channel out to the
 * listeners in this process (the SSE streams of the people connected to it). Channels are
 * subscribed while someone listens and dropped when the last one leaves. `parse` turns a message
 * into what listeners get (null: ignored). Used by the live call status (lib/telephony/live.ts)
 * and the pages' live changes (lib/live/hub.ts).
 *
 * On a Redis Cluster this is classic pub/sub (SUBSCRIBE/PUBLISH), not sharded (SSUBSCRIBE): every
 * channel carries the deployment's hash-tagged QUEUE_PREFIX, so sharded channels would all sit on
 * one shard anyway, and the cluster bus carrying each message to every node costs little at a few
 * messages per second. ioredis subscribes through one node and subscribes again elsewhere if it goes.
 */
export class RedisFanout<T> {
  private subscriber: RedisClient | null = null;
  private readonly entries = new Map<string, { listeners: Set<(value: T) => void>; ready: Promise<void> }>();

  constructor(
    private readonly what: string,
    private readonly parse: (message: string) => T | null,
    private readonly connect: () => RedisClient = () => newRedisConnection(),
  ) {}

  /** Starts delivering the channels' messages to `listener`; returns the unsubscribe function. */
  async subscribe(channels: readonly string[], listener: (value: T) => void): Promise<() => Promise<void>> {
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

  /** Number of channels someone in this process listens to. */
  get channels(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    this.entries.clear();
    const sub = this.subscriber;
    this.subscriber = null;
    await sub?.quit().catch(() => undefined);
  }

  private connection(): RedisClient {
    if (this.subscriber) return this.subscriber;
    const sub = this.connect();
    sub.on('message', (channel: string, message: string) => {
      const set = this.entries.get(channel)?.listeners;
      if (!set) return;
      const value = this.parse(message);
      if (value === null) return;
      for (const listener of set) {
        try {
          listener(value);
        } catch (err) {
          logger.warn({ err }, `${this.what} listener failed`);
        }
      }
    });
    sub.on('error', (err) => logger.warn({ err }, `${this.what} subscriber error`));
    this.subscriber = sub;
    return sub;
  }
}
