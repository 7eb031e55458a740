/**
 * The audit log read as sentences (操作记录). Every action the code writes to audit_log has a
 * sentence under `auditTrail.sentences.<action>` and a label under `auditTrail.actions.<action>`
 * (the action's dots nest the keys); an action not listed here reads as a generic sentence naming
 * the person and the record, never as its internal key. Pure: the translator comes in, the names
 * of the person and of the record were joined in SQL (queries.ts).
 */
import type { RootTranslator } from '@/lib/visits/verdict-text';

/** Every action written to the audit log (grep `action: '` under lib/), grouped as the action select shows them. */
export const AUDIT_ACTIONS = [
  'phone.revealed',
  'recording.played',
  'auth.signedIn',
  'auth.signInFailed',
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.passwordReset',
  'user.passwordChanged',
  'user.signInUnlocked',
  'unit.created',
  'unit.updated',
  'unit.deactivated',
  'unit.reactivated',
  'customer.created',
  'customer.updated',
  'contact.created',
  'contact.updated',
  'contact.deactivated',
  'contact.reactivated',
  'claim.created',
  'claim.reassigned',
  'import.uploaded',
  'import.commitRequested',
  'import.committed',
  'import.discarded',
  'visit.reported',
  'visit.imported',
  'visit.backfillApproved',
  'visit.backfillRejected',
  'visit.addedToClosedMonth',
  'plan.created',
  'plan.itemsSaved',
  'plan.submitted',
  'plan.approved',
  'plan.rejected',
  'callback.due',
  'callback.taken',
  'callback.released',
  'callback.leaseLapsed',
  'callback.outcomeRecorded',
  'callback.submitted',
  'callback.pulledBack',
  'callback.cancelled',
  'callback.expired',
  'callbacks.queuePaused',
  'callbacks.queueResumed',
  'call.placed',
  'call.failed',
  'call.hungUp',
  'dispute.filed',
  'dispute.withdrawn',
  'dispute.review_started',
  'dispute.recallback_ordered',
  'dispute.upheld',
  'dispute.overturned',
  'script.created',
  'script.draftSaved',
  'script.published',
  'script.retired',
  'script.assigned',
  'script.unassigned',
  'policy.saved',
  'policy.cancelled',
  'month.closed',
  'integrity.requested',
  'spotChecks.selected',
  'spotCheck.evaluated',
  'managerFlag.raised',
  'managerFlag.cleared',
  'queue.changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of record the log names (entity_type), as the record-type filter offers them. */
export const AUDIT_ENTITY_TYPES = [
  'contact',
  'customer',
  'visit',
  'dispute',
  'visit_plan',
  'callback_task',
  'call',
  'user',
  'unit',
  'import',
  'policy',
  'callback_script',
  'script_assignment',
  'month',
  'queue',
  'queue_control',
  'integrity_run',
  'spot_check_day',
  'spot_check',
  'manager_flag',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
const KNOWN_ENTITIES: ReadonlySet<string> = new Set(AUDIT_ENTITY_TYPES);

export const isAuditAction = (action: string): action is AuditAction => KNOWN_ACTIONS.has(action);

/** A person as the log names them: display name and sign-in name (two may share a name). */
export interface NamedPerson {
  displayName: string;
  username: string;
}

/** Who did it, as joined from users; null for the system (timers, schedules). */
export interface AuditPerson extends NamedPerson {
  id: string;
}

/**
 * What the entry is about, by name: what SQL could join for its record (and the people and
 * files its before/after name). Every field is optional: a record may be gone, and each kind
 * of record has its own.
 */
export interface AuditSubject {
  customerId?: string | null;
  customer?: string | null;
  contact?: string | null;
  visitId?: string | null;
  visitedAt?: string | null;
  /** What a callback, call or dispute asked about: a reported visit, or a spot check's planned visit. */
  campaign?: 'verification' | 'spot_check' | null;
  manager?: NamedPerson | null;
  fromManager?: NamedPerson | null;
  month?: string | null;
  user?: NamedPerson | null;
  unit?: string | null;
  script?: string | null;
  file?: string | null;
  kind?: string | null;
  policyKey?: string | null;
  /** A day ('YYYY-MM-DD'), e.g. of a spot-check selection. */
  day?: string | null;
  version?: number | string | null;
  slot?: string | null;
  queue?: string | null;
  outcome?: string | null;
  count?: number | string | null;
  ip?: string | null;
}

/** One audit entry as the trail shows it. */
export interface AuditTrailEntry {
  id: number;
  at: Date;
  action: string;
  entityType: string;
  entityId: string | null;
  actor: AuditPerson | null;
  subject: AuditSubject;
}

const NS = 'auditTrail';

/** "张三（staff1）", or 系统 for an entry no person made. */
export function personText(t: RootTranslator, person: NamedPerson | null): string {
  return person ? t(`${NS}.person`, { name: person.displayName, username: person.username }) : t(`${NS}.system`);
}

/** The action's label for the filter select; an action not in the catalogue reads as 其他操作. */
export function actionLabel(t: RootTranslator, action: string): string {
  return isAuditAction(action) ? t(`${NS}.actions.${action}`) : t(`${NS}.otherAction`);
}

export function entityLabel(t: RootTranslator, entityType: string): string {
  return KNOWN_ENTITIES.has(entityType) ? t(`${NS}.entities.${entityType}`) : t(`${NS}.entities.other`);
}

/** A code shown by its name in another namespace when it has one (an outcome, an import kind, a policy). */
function named(t: RootTranslator, key: string, code: string | null | undefined): string {
  if (!code) return '';
  return t.has(`${key}.${code}`) ? t(`${key}.${code}`) : code;
}

/** The record named in a generic sentence: the most telling name the subject carries. */
function recordName(subject: AuditSubject, t: RootTranslator): string {
  return (
    subject.contact ??
    subject.customer ??
    (subject.user ? personText(t, subject.user) : null) ??
    subject.unit ??
    subject.script ??
    subject.file ??
    (subject.policyKey ? named(t, `${NS}.policies`, subject.policyKey) : null) ??
    subject.month ??
    subject.day ??
    subject.queue ??
    ''
  );
}

/**
 * The sentence of one entry in the reader's language: "张三（staff1） 看了 鹏程医药 联系人 邱军 的完整号码".
 * Every sentence gets every name (missing ones as 未知记录), so a message may use any of them.
 */
export function auditSentence(t: RootTranslator, entry: Pick<AuditTrailEntry, 'action' | 'entityType' | 'actor' | 'subject'>): string {
  const s = entry.subject;
  const unknown = t(`${NS}.unknownRecord`);
  const text = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? unknown : String(value));
  const values: Record<string, string | number> = {
    actor: personText(t, entry.actor),
    customer: text(s.customer),
    contact: text(s.contact),
    visitedAt: text(s.visitedAt),
    visit: t(`${NS}.visitOf.${s.campaign === 'spot_check' ? 'spot_check' : 'verification'}`, { customer: text(s.customer), visitedAt: text(s.visitedAt) }),
    manager: s.manager ? personText(t, s.manager) : unknown,
    fromManager: s.fromManager ? personText(t, s.fromManager) : unknown,
    month: text(s.month),
    day: text(s.day),
    user: s.user ? personText(t, s.user) : unknown,
    unit: text(s.unit),
    script: text(s.script),
    file: text(s.file),
    kind: named(t, 'imports.kind', s.kind) || unknown,
    policy: s.policyKey ? named(t, `${NS}.policies`, s.policyKey) : unknown,
    version: text(s.version),
    slot: s.slot ? (s.slot === 'default' ? t(`${NS}.slotDefault`) : s.slot === 'spotCheck' ? t(`${NS}.slotSpotCheck`) : t(`${NS}.slotClass`, { class: s.slot })) : unknown,
    queue: text(s.queue),
    outcome: named(t, 'assessment.outcome', s.outcome) || unknown,
    count: s.count ?? 0,
    ip: text(s.ip),
    entity: entityLabel(t, entry.entityType),
  };
  // A manager acting on their own record reads "填报了对 X 的拜访", not their name twice.
  const own = entry.actor !== null && s.manager?.username === entry.actor.username;
  if (own && t.has(`${NS}.ownSentences.${entry.action}`)) return t(`${NS}.ownSentences.${entry.action}`, values);
  if (isAuditAction(entry.action)) return t(`${NS}.sentences.${entry.action}`, values);
  const name = recordName(s, t);
  return name ? t(`${NS}.generic`, { ...values, name }) : t(`${NS}.genericNoName`, values);
}

/** Settings pages by policy key (lib/policy/definitions.ts). */
const POLICY_PAGES: Record<string, string> = {
  reporting: '/settings/reporting',
  sampling: '/settings/sampling',
  calling: '/settings/calling',
  scoring: '/settings/scoring',
  assessment: '/settings/assessment',
  checks: '/settings/checks',
  disputes: '/settings/disputes',
  spotCheck: '/settings/spot-checks',
};

/**
 * Where the audit page links an entry's record, for a reader who may open it (the audit page's
 * readers are staff and admin; the user and unit pages are admin's). Null when there is no page
 * or the record is gone.
 */
export function recordHref(entry: Pick<AuditTrailEntry, 'entityType' | 'entityId' | 'subject'>, role: string): string | null {
  const id = entry.entityId;
  const s = entry.subject;
  if (role !== 'staff' && role !== 'admin') return null;
  switch (entry.entityType) {
    case 'contact':
    case 'customer':
      return s.customerId ? `/customers/${s.customerId}` : null;
    case 'visit':
      return s.visitId ? `/visits/${s.visitId}` : null;
    case 'dispute':
      return s.visitId && id ? `/disputes/${id}` : null;
    case 'callback_task':
    case 'call':
      return s.visitId ? `/visits/${s.visitId}` : null;
    case 'visit_plan':
      return s.month && id ? `/plans/${id}` : null;
    case 'import':
      return s.file && id ? `/imports/${id}` : null;
    case 'callback_script':
      return s.script && id ? `/settings/scripts/${id}` : null;
    case 'script_assignment':
      return '/settings/scripts';
    case 'policy':
      return (s.policyKey && POLICY_PAGES[s.policyKey]) ?? null;
    case 'month':
      return id ? `/assessment/${id}` : null;
    case 'queue':
      return '/admin/queues';
    case 'spot_check':
      return s.day ? `/spot-checks?day=${s.day}` : null;
    case 'spot_check_day':
      return s.day ? `/spot-checks?day=${s.day}` : null;
    case 'manager_flag':
      return s.manager ? '/spot-checks' : null;
    case 'user':
      return role === 'admin' && s.user && id ? `/admin/users/${id}` : null;
    case 'unit':
      return role === 'admin' && s.unit && id ? `/admin/units/${id}` : null;
    default:
      return null;
  }
}
