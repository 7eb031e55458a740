import { env } from '@/lib/platform/config/env';
import type { Actor } from '@/lib/platform/core/context';

/**
 * "Something changed" events for the pages that show it. An event carries only a topic and a
 * record id — never personal data: the page that cares re-reads what it shows through its own
 * verbs (role and data scope checked there), so a channel can never leak a record's content.
 */
export const LIVE_TOPICS = ['visit', 'dispute', 'notification', 'queue'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];

export interface LiveEvent {
  topic: LiveTopic;
  /** The record that changed (visit id, dispute id); null when the topic has no single record (queue, notification). */
  id: string | null;
}

/** One user's own channel. */
export function userChannel(userId: string): string {
  return `${env().QUEUE_PREFIX}:live:user:${userId}`;
}

/** Broadcast to department staff (and admins): the queue and every visit or dispute they may view. */
export function staffChannel(): string {
  return `${env().QUEUE_PREFIX}:live:staff`;
}

/** The channels one signed-in user listens to: their own, plus the staff broadcast for staff and admins. */
export function channelsFor(actor: Pick<Actor, 'id' | 'role'>): string[] {
  return actor.role === 'staff' || actor.role === 'admin' ? [userChannel(actor.id), staffChannel()] : [userChannel(actor.id)];
}

/** Parses a published message; anything that is not a well-formed event is dropped. */
export function parseLiveEvent(message: string): LiveEvent | null {
  try {
    const value = JSON.parse(message) as Partial<LiveEvent>;
    if (!value || !LIVE_TOPICS.includes(value.topic as LiveTopic)) return null;
    const id = typeof value.id === 'string' ? value.id : null;
    return { topic: value.topic as LiveTopic, id };
  } catch {
    return null;
  }
}
