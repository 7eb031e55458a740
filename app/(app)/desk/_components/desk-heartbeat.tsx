'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/**
 * Keeps the agent's lease alive while this page is open: a heartbeat every few seconds (well
 * inside the lease). When the page closes the heartbeats stop and the server's lease timer returns
 * the callback to the queue. While the agent holds nothing, the heartbeat only marks them online.
 */
export function DeskHeartbeat({ taskId, seconds }: { taskId: string | null; seconds: number }) {
  const t = useTranslations('callbacks.desk');
  const router = useRouter();
  const [state, setState] = useState<'ok' | 'lost' | 'failing'>('ok');

  useEffect(() => {
    let stopped = false;
    const beat = async () => {
      try {
        const res = await fetch(taskId ? `/api/callbacks/${taskId}/lease` : '/api/callbacks/presence', { method: 'POST' });
        if (stopped) return;
        if (res.status === 409 || res.status === 404) setState('lost');
        else if (res.status === 401) router.refresh();
        else setState(res.ok ? 'ok' : 'failing');
      } catch {
        if (!stopped) setState('failing');
      }
    };
    void beat();
    const timer = setInterval(beat, seconds * 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [taskId, seconds, router]);

  if (state === 'lost') {
    return (
      <div className="alert error" role="alert" data-testid="desk-lost" style={{ marginBottom: 12 }}>
        {t('lost')}{' '}
        <button type="button" className="link-button" onClick={() => router.refresh()}>
          {t('reload')}
        </button>
      </div>
    );
  }
  if (state === 'failing') {
    return (
      <p className="alert warn" role="status" style={{ marginBottom: 12 }}>
        {t('heartbeatFailed')}
      </p>
    );
  }
  return null;
}
