'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';

export type LiveTopic = 'visit' | 'dispute' | 'notification' | 'queue';
export interface LiveChange {
  topic: LiveTopic;
  id: string | null;
}

type Subscriber = { onChange: (change: LiveChange) => void; onReconnect: () => void };

/**
 * One EventSource per tab, however many components listen (the bell and the page): opened with
 * the first subscriber, closed with the last. Reconnects with backoff (1 s, 2 s, 4 s … 30 s)
 * rather than the browser's fixed retry; after a reconnect every subscriber refreshes once,
 * since events may have been missed meanwhile.
 */
const shared: { subscribers: Set<Subscriber>; source: EventSource | null; retry: ReturnType<typeof setTimeout> | null; failures: number; connectedOnce: boolean } = {
  subscribers: new Set(),
  source: null,
  retry: null,
  failures: 0,
  connectedOnce: false,
};

/**
 * A stream the server closed because the session ended (退出 elsewhere, deactivation, a role
 * change): stop listening and reload, so the page's own sign-in check takes the user to 登录.
 */
export function leaveWhenSignedOut(source: EventSource): void {
  source.addEventListener('signedOut', () => {
    source.close();
    window.location.reload();
  });
}

function connect(): void {
  if (shared.subscribers.size === 0 || shared.source) return;
  const source = new EventSource('/api/live/stream');
  shared.source = source;
  leaveWhenSignedOut(source);
  source.addEventListener('ready', () => {
    shared.failures = 0;
    if (shared.connectedOnce) for (const s of shared.subscribers) s.onReconnect();
    shared.connectedOnce = true;
  });
  source.addEventListener('change', (e) => {
    let change: LiveChange;
    try {
      change = JSON.parse((e as MessageEvent<string>).data) as LiveChange;
    } catch {
      return;
    }
    for (const s of shared.subscribers) s.onChange(change);
  });
  source.onerror = () => {
    source.close();
    if (shared.source === source) shared.source = null;
    shared.failures++;
    shared.retry = setTimeout(() => {
      shared.retry = null;
      connect();
    }, Math.min(30_000, 1000 * 2 ** (shared.failures - 1)));
  };
}

function subscribe(subscriber: Subscriber): () => void {
  shared.subscribers.add(subscriber);
  if (!shared.retry) connect();
  return () => {
    shared.subscribers.delete(subscriber);
    if (shared.subscribers.size > 0) return;
    shared.source?.close();
    shared.source = null;
    if (shared.retry) clearTimeout(shared.retry);
    shared.retry = null;
    shared.failures = 0;
    shared.connectedOnce = false;
  };
}

/**
 * Calls `onChange` (debounced) for the signed-in user's live events (/api/live/stream: topic +
 * record id only) that `matches` accepts, and once after a reconnect.
 */
export function useLiveChanges(matches: (change: LiveChange) => boolean, onChange: () => void, debounceMs = 300): void {
  const latest = useRef({ matches, onChange });
  useEffect(() => {
    latest.current = { matches, onChange };
  });

  useEffect(() => {
    let debounce: ReturnType<typeof setTimeout> | null = null;
    const fire = () => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => latest.current.onChange(), debounceMs);
    };
    const unsubscribe = subscribe({
      onChange: (change) => {
        if (latest.current.matches(change)) fire();
      },
      onReconnect: fire,
    });
    return () => {
      unsubscribe();
      if (debounce) clearTimeout(debounce);
    };
  }, [debounceMs]);
}

/**
 * Re-renders the page (router.refresh, no reload: form inputs and scroll stay) when one of the
 * given changes arrives — e.g. `topic="visit" id={visit.id}` on a visit's page, `topic="queue"`
 * on the queue. Renders nothing.
 */
export function LiveRefresh({ topic, id }: { topic: LiveTopic | LiveTopic[]; id?: string }) {
  const router = useRouter();
  const topics = Array.isArray(topic) ? topic : [topic];
  const key = topics.join(',');
  useLiveChanges(
    (change) => key.split(',').includes(change.topic) && (id === undefined || change.id === null || change.id === id),
    () => router.refresh(),
  );
  return null;
}
