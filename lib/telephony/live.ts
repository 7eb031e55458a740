import type { Redis } from 'ioredis';
import { env } from '@/lib/config/env';
import { logger } from '@/lib/log';
import { newRedisConnection, sharedRedis } from '@/lib/redis/connection';
import type { CallView } from './view';

/**
 * Live call status, pushed: every change of a call is published on its agent's Redis channel
 * (whichever process received the webhook), and each web process keeps ONE subscriber
 * connection that fans the messages out to the SSE streams of the agents connected to it.
 * Nothing is polled; an agent's stream only ever sees that agent's channel.
 */
export function agentChannel(agentId: string): string {
  return `${env().QUEUE_PREFIX}:telephony:agent:${agentId}`;
}

export async function publishCallView(agentId: string, view: CallView): Promise<void> {
  try {
    await sharedRedis().publish(agentChannel(agentId), JSON.stringify(view));
  } catch (err) {
    // The database has the change; the desk catches up on its next snapshot (reconnect).
    logger.warn({ err, callId: view.id }, 'call status not published');
  }
}

type Listener = (view: CallView) => void;

export class CallStatusHub {
  private subscriber: Redis | null = null;
  private readonly entries = new Map<string, { listeners: Set<Listener>; ready: Promise<void> }>();

  constructor(private readonly connect: () => Redis = () => newRedisConnection()) {}

  /** Starts delivering the agent's call updates to `listener`; returns the unsubscribe function. */
  async subscribe(agentId: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = agentChannel(agentId);
    const sub = this.connection();
    let entry = this.entries.get(channel);
    if (!entry) {
      entry = { listeners: new Set(), ready: sub.subscribe(channel).then(() => undefined) };
      this.entries.set(channel, entry);
    }
    entry.listeners.add(listener);
    await entry.ready;
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const current = this.entries.get(channel);
      current?.listeners.delete(listener);
      if (current && current.listeners.size === 0) {
        this.entries.delete(channel);
        await sub.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  /** Number of agents with at least one open stream in this process. */
  get channels(): number {
    return this.entries.size;
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
      let view: CallView;
      try {
        view = JSON.parse(message) as CallView;
      } catch {
        return;
      }
      for (const listener of set) {
        try {
          listener(view);
        } catch (err) {
          logger.warn({ err }, 'call status listener failed');
        }
      }
    });
    sub.on('error', (err) => logger.warn({ err }, 'call status subscriber error'));
    this.subscriber = sub;
    return sub;
  }
}

const globalForHub = globalThis as unknown as { __huifangCallHub?: CallStatusHub };

/** The process's one hub (one Redis subscriber connection per process). */
export function callStatusHub(): CallStatusHub {
  globalForHub.__huifangCallHub ??= new CallStatusHub();
  return globalForHub.__huifangCallHub;
}
