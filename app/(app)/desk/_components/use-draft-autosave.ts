'use client';

import { useEffect, useState } from 'react';

export type DraftStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export interface DraftState {
  status: DraftStatus;
  savedAt: Date | null;
  error: string | null;
  /** Per question (`answers.<id>`) messages of a refused save. */
  fields: Record<string, string>;
  /** The server says the callback is no longer this agent's (403/404/409): saving stopped. */
  lost: boolean;
}

/** Long enough to coalesce the keystrokes of a text answer, short enough that a crash loses little. */
const DEBOUNCE_MS = 500;

/**
 * The saving machinery, outside React: one request at a time, the latest body always wins (a
 * change made while a save is in flight is sent right after it, so requests never overtake each
 * other), and a change still waiting when the page is hidden or closed goes out at once with
 * `keepalive`.
 */
class DraftSaver {
  private body: string;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private dirty = false;
  private stopped = false;
  private listener: (patch: Partial<DraftState>) => void = () => {};

  constructor(
    private readonly url: string,
    initialBody: string,
    private readonly unknownError: string,
  ) {
    this.body = initialBody;
  }

  listen(listener: (patch: Partial<DraftState>) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = () => {};
    };
  }

  /** The answers and notes changed (a serialized body): save them soon. */
  change(body: string): void {
    if (body === this.body) return;
    this.body = body;
    if (this.stopped) return;
    this.dirty = true;
    this.listener({ status: 'pending' });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(), DEBOUNCE_MS);
  }

  async send(): Promise<void> {
    if (this.stopped || this.inFlight || !this.dirty) return;
    this.dirty = false;
    this.inFlight = true;
    this.listener({ status: 'saving' });
    try {
      const res = await fetch(this.url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: this.body });
      const json = (await res.json().catch(() => null)) as { savedAt?: string; error?: string; fields?: Record<string, string> } | null;
      if (this.stopped) return;
      if (res.ok) {
        this.listener({ status: this.dirty ? 'pending' : 'saved', savedAt: json?.savedAt ? new Date(json.savedAt) : new Date(), error: null, fields: {}, lost: false });
      } else {
        const lost = res.status === 403 || res.status === 404 || res.status === 409;
        if (lost) this.stopped = true;
        this.listener({ status: 'error', error: json?.error ?? this.unknownError, fields: json?.fields ?? {}, lost });
      }
    } catch {
      if (!this.stopped) {
        // The network failed: keep the change; the next change or "retry" sends it again.
        this.dirty = true;
        this.listener({ status: 'error', error: this.unknownError });
      }
    } finally {
      this.inFlight = false;
      if (this.dirty && !this.stopped) void this.send();
    }
  }

  /** The page is going away: a waiting change is sent now, surviving the unload. */
  flush(): void {
    if (!this.dirty || this.stopped || this.inFlight) return;
    this.dirty = false;
    void fetch(this.url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: this.body, keepalive: true }).catch(() => {});
  }

  retry(): void {
    this.dirty = true;
    void this.send();
  }

  /** Before submitting: nothing more is saved (the submit carries the answers itself). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** After a refused submit: saving goes on (unless the callback is no longer ours). */
  resume(lost: boolean): void {
    if (!lost) this.stopped = false;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

/**
 * Saves the callback's draft (answers and notes) as the agent works, so a refresh or a crash
 * loses nothing. `body` is the serialized { answers, notes }; the one the page was rendered with
 * is the saved draft, so nothing is sent until it changes.
 */
export function useDraftAutosave(taskId: string, body: string, unknownError: string) {
  const [saver] = useState(() => new DraftSaver(`/api/desk/callbacks/${taskId}/draft`, body, unknownError));
  const [state, setState] = useState<DraftState>({ status: 'idle', savedAt: null, error: null, fields: {}, lost: false });

  useEffect(() => saver.listen((patch) => setState((s) => ({ ...s, ...patch }))), [saver]);
  useEffect(() => saver.change(body), [saver, body]);
  useEffect(() => {
    const flush = () => saver.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && saver.flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      saver.dispose();
    };
  }, [saver]);

  return {
    state,
    stop: () => saver.stop(),
    resume: () => saver.resume(state.lost),
    retry: () => saver.retry(),
  };
}
