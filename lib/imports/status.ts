import type { imports } from '@/db/schema';

/**
 * What an import's status means to the person looking at it. A validated import is either
 * 有错误 (it cannot be committed until the file is fixed and uploaded again) or 可导入; the rest
 * are the stored status itself.
 */
export type ImportStage = 'queued' | 'validating' | 'hasErrors' | 'ready' | 'committing' | 'committed' | 'failed' | 'discarded';

export function importStage(record: Pick<typeof imports.$inferSelect, 'status' | 'errorCount'>): ImportStage {
  switch (record.status) {
    case 'uploaded':
      return 'queued';
    case 'validated':
      return record.errorCount > 0 ? 'hasErrors' : 'ready';
    default:
      return record.status;
  }
}

/** Badge tone of each stage (app/globals.css). */
export const STAGE_TONE: Record<ImportStage, 'ok' | 'danger' | 'info' | 'warn' | ''> = {
  queued: 'info',
  validating: 'info',
  hasErrors: 'danger',
  ready: 'ok',
  committing: 'info',
  committed: 'ok',
  failed: 'danger',
  discarded: '',
};

/** A stage still moving: its page polls until it settles. */
export const RUNNING_STAGES: readonly ImportStage[] = ['queued', 'validating', 'committing'];

/** The counts in reading order (jsonb keeps no key order): each entity's created, updated, unchanged. */
const SUMMARY_ORDER = [
  'customersCreated',
  'customersUpdated',
  'customersUnchanged',
  'contactsCreated',
  'contactsUpdated',
  'contactsUnchanged',
  'claimsCreated',
  'claimsReassigned',
  'claimsUnchanged',
  'visitsCreated',
  'visitsUnchanged',
  'visitsLate',
];

export function orderedSummary(summary: Record<string, number> | null | undefined): [string, number][] {
  const rank = (key: string) => (SUMMARY_ORDER.includes(key) ? SUMMARY_ORDER.indexOf(key) : SUMMARY_ORDER.length);
  return Object.entries(summary ?? {}).sort(([a], [b]) => rank(a) - rank(b));
}
