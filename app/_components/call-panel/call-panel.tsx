'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallView } from '@/lib/telephony/view';
import { leaveWhenSignedOut } from '../live-refresh';

/**
 * "Call" / "Hang up" for the callback the agent holds, with the call's live status pushed by the
 * server (Server-Sent Events from /api/desk/calls/stream — one connection, no polling): calling
 * the agent's phone, dialling, ringing, in conversation with a running timer, ended with the
 * result and talk time. The browser only ever receives statuses and times — never a number.
 *
 * `onCallChange` lets the desk follow the call (e.g. when the call recorded "no answer" by
 * itself, the callback has gone back to the queue: time to take the next one).
 */
export interface CallPanelProps {
  taskId: string;
  /** The task's latest call when the page was rendered (callStatusForAgent), if any. */
  initialCall?: CallView | null;
  /** e.g. while the desk is saving; the panel disables its buttons. */
  disabled?: boolean;
  onCallChange?: (call: CallView) => void;
}

type Live = 'connecting' | 'open' | 'lost';

export function CallPanel({ taskId, initialCall = null, disabled = false, onCallChange }: CallPanelProps) {
  const t = useTranslations('telephony');
  const tErrors = useTranslations('errors');
  const tOutcomes = useTranslations('callbacks.outcomes');
  const format = useFormatter();
  const [call, setCall] = useState<CallView | null>(initialCall);
  const [busy, setBusy] = useState<'placing' | 'hangingUp' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<Live>('connecting');
  const [now, setNow] = useState(() => Date.now());
  const onChange = useRef(onCallChange);
  useEffect(() => {
    onChange.current = onCallChange;
  });

  /** Keeps the newest view of this task's latest call (events may repeat or cross). */
  const accept = useCallback(
    (next: CallView | null) => {
      if (!next || next.taskId !== taskId) return;
      setCall((current) => {
        if (current && current.id === next.id && Date.parse(next.updatedAt) < Date.parse(current.updatedAt)) return current;
        if (current && current.id !== next.id && Date.parse(next.createdAt) < Date.parse(current.createdAt)) return current;
        return next;
      });
    },
    [taskId],
  );

  useEffect(() => {
    if (call) onChange.current?.(call);
  }, [call]);

  useEffect(() => {
    const source = new EventSource('/api/desk/calls/stream');
    const read = (event: MessageEvent<string>) => {
      try {
        return JSON.parse(event.data) as unknown;
      } catch {
        return null;
      }
    };
    source.addEventListener('open', () => setLive('open'));
    source.addEventListener('snapshot', (event) => {
      setLive('open');
      accept((read(event as MessageEvent<string>) as { call: CallView | null } | null)?.call ?? null);
    });
    source.addEventListener('call', (event) => accept(read(event as MessageEvent<string>) as CallView | null));
    source.addEventListener('unavailable', () => setLive('lost'));
    leaveWhenSignedOut(source);
    // EventSource reconnects by itself; the snapshot on reconnect brings the panel up to date.
    source.addEventListener('error', () => setLive('lost'));
    return () => source.close();
  }, [accept]);

  const talking = call?.phase === 'in_progress' && call.answeredAt;
  useEffect(() => {
    if (!talking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [talking]);

  const post = async (url: string, body?: unknown): Promise<CallView | null> => {
    setError(null);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: body ? { 'Content-Type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json().catch(() => null)) as { call?: CallView; error?: string } | null;
      if (!res.ok) {
        setError(json?.error ?? tErrors('unknown'));
        return null;
      }
      return json?.call ?? null;
    } catch {
      setError(tErrors('unknown'));
      return null;
    }
  };

  const place = async () => {
    setBusy('placing');
    accept(await post('/api/desk/calls', { taskId }));
    setBusy(null);
  };

  const hangUp = async () => {
    if (!call) return;
    setBusy('hangingUp');
    accept(await post(`/api/desk/calls/${call.id}/hangup`));
    setBusy(null);
  };

  const active = call != null && call.phase !== 'ended';
  // Once the call recorded the attempt itself the callback is no longer the agent's to call.
  const settled = call?.outcome != null;
  const phaseText = call
    ? call.phase === 'dialling' && call.agentAnswered
      ? t('phase.diallingContact')
      : t(`phase.${call.phase}`)
    : null;

  return (
    <div className="card" data-testid="call-panel" aria-live="polite">
      <div className="row space-between">
        <h3 style={{ margin: 0 }}>{t('title')}</h3>
        {live !== 'open' && (
          <span className={`badge ${live === 'lost' ? 'warn' : ''}`} data-testid="call-live">
            {t(`live.${live}`)}
          </span>
        )}
      </div>

      {!call && <p className="muted small">{t('hint')}</p>}

      {call && (
        <div className="row" style={{ marginTop: 8 }}>
          <span className={`badge ${call.phase === 'in_progress' ? 'ok' : call.phase === 'ended' ? '' : 'info'}`} data-testid="call-phase" data-phase={call.phase}>
            {phaseText}
          </span>
          {talking && (
            <span data-testid="call-timer">{clock(Math.max(0, Math.floor((now - Date.parse(call.answeredAt!)) / 1000)))}</span>
          )}
          {call.phase === 'ended' && call.result && (
            <span className={`badge ${call.result === 'answered' ? 'ok' : 'warn'}`} data-testid="call-result" data-result={call.result}>
              {t(`result.${call.result}`)}
            </span>
          )}
          {call.phase === 'ended' && call.durationSeconds != null && call.answeredAt && (
            <span className="muted" data-testid="call-duration">
              {t('duration', { duration: clock(call.durationSeconds) })}
            </span>
          )}
          {call.recorded && <span className="badge">{t('recorded')}</span>}
        </div>
      )}

      {call?.phase === 'in_progress' && <p className="muted small">{t('answeredHint')}</p>}

      {call?.outcome && (
        <p className="alert warn" data-testid="call-outcome" style={{ marginTop: 8 }}>
          {t('outcomeRecorded', { outcome: tOutcomes(call.outcome.outcome), attempt: call.outcome.attemptNo })}{' '}
          {call.outcome.state === 'waiting' && call.outcome.nextAttemptAt
            ? t('nextAttempt', { at: format.dateTime(new Date(call.outcome.nextAttemptAt), { dateStyle: 'medium', timeStyle: 'short' }) })
            : call.outcome.state === 'unreachable'
              ? t('unreachable')
              : t('closed')}
        </p>
      )}

      {(error || call?.error) && (
        <p className="alert error" role="alert" data-testid="call-error" style={{ marginTop: 8 }}>
          {error ?? tErrors(call!.error!.code as never, call!.error!.params as never)}
        </p>
      )}

      <div className="row" style={{ marginTop: 12 }}>
        {!active && (
          <button type="button" className="primary" data-testid="call-button" disabled={disabled || busy !== null || settled} onClick={place}>
            {busy === 'placing' ? t('placing') : call ? t('callAgain') : t('call')}
          </button>
        )}
        {active && (
          <button type="button" className="danger" data-testid="hangup-button" disabled={disabled || busy !== null} onClick={hangUp}>
            {busy === 'hangingUp' ? t('hangingUp') : t('hangUp')}
          </button>
        )}
      </div>
    </div>
  );
}

/** 75 → "01:15"; an hour or more → "1:02:03". */
function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
