'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { RUNNING_STAGES, type ImportStage } from '@/lib/imports/status';

/** Polls the import while a worker validates or commits it; one staff member, one import: cheap. */
export function ImportProgress({ id, stage, processed, total }: { id: string; stage: ImportStage; processed: number; total: number }) {
  const t = useTranslations('imports');
  const router = useRouter();
  const [state, setState] = useState({ stage, processed, total });

  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const res = await fetch(`/api/imports/${id}`, { cache: 'no-store' });
        if (res.ok) {
          const next = await res.json();
          if (stopped) return;
          setState({ stage: next.stage, processed: next.processedRows, total: next.totalRows });
          if (!RUNNING_STAGES.includes(next.stage)) {
            router.refresh();
            return;
          }
        }
      } catch {
        // A missed poll is retried on the next tick.
      }
      if (!stopped) timer = setTimeout(tick, 1000);
    };
    let timer = setTimeout(tick, 500);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, router]);

  const percent = state.stage === 'committing' && state.total > 0 ? Math.min(100, Math.round((state.processed / state.total) * 100)) : null;
  return (
    <div className="card" aria-live="polite">
      <p>
        {t(`stage.${state.stage}`)} · {t('processedRows', { count: state.processed })}
        {percent !== null && ` (${percent}%)`}
      </p>
      <div className="progress">
        <div style={{ width: `${percent ?? 100}%`, opacity: percent === null ? 0.4 : 1 }} />
      </div>
    </div>
  );
}
