/**
 * The readable text of a notification, from the `notifications.kind.*` catalogue in the reader's
 * locale, filled with the notification's stored parameters. Pure: the translator comes in. A kind
 * the catalogue does not know, or a parameter an older notification lacks, never shows a raw
 * placeholder.
 */
export interface NotificationTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

const DEFAULTS: Record<string, string | number> = { month: '', count: 0, invalid: 0, customer: '', manager: '', decision: 'other', reviewer: '', comment: '', subject: 'verdict', day: '', customers: '', penalty: 0 };

export function notificationText(t: NotificationTranslator, n: { kind: string; params: Record<string, string | number> | null }): string {
  const key = `notifications.kind.${n.kind}`;
  if (!t.has(key)) return t('notifications.kind.unknown');
  return t(key, { ...DEFAULTS, ...(n.params ?? {}) });
}
