import { env } from '@/lib/platform/config/env';
import { logger } from '@/lib/platform/log';
import { RedisFanout } from '@/lib/platform/redis/fanout';
import { sharedRedis, type RedisClient } from '@/lib/platform/redis/connection';
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

/** One Redis subscriber per process for every agent's call status (lib/platform/redis/fanout). */
export class CallStatusHub {
  private readonly fanout: RedisFanout<CallView>;

  constructor(connect?: () => RedisClient) {
    this.fanout = new RedisFanout<CallView>('call status', readCallView, connect);
  }

  /** Starts delivering the agent's call updates to `listener`; returns the unsubscribe function. */
  subscribe(agentId: string, listener: (view: CallView) => void): Promise<() => Promise<void>> {
    return this.fanout.subscribe([agentChannel(agentId)], listener);
  }

  /** Number of agents with at least one open stream in this process. */
  get channels(): number {
    return this.fanout.channels;
  }

  close(): Promise<void> {
    return this.fanout.close();
  }
}

function readCallView(message: string): CallView | null {
  try {
    return JSON.parse(message) as CallView;
  } catch {
    return null;
  }
}

const globalForHub = globalThis as unknown as { __huifangCallHub?: CallStatusHub };

/** The process's one hub (one Redis subscriber connection per process). */
export function callStatusHub(): CallStatusHub {
  globalForHub.__huifangCallHub ??= new CallStatusHub();
  return globalForHub.__huifangCallHub;
}
