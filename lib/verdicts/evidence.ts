import { sql } from 'drizzle-orm';
import { rows } from '@/lib/platform/core/sql';
import { visitIdInput } from '@/lib/visits/schemas';
import { assertRole, inManagerScope, seesEverything } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { loadCallbackEvidence, type CallbackEvidence } from '@/lib/verdicts/callback-evidence';
import { GROUND_FINDINGS_SQL_TEXT } from '@/lib/verdicts/dispute-grounds';
import type { VisitType } from '@/lib/scripts/definition';
import { visitContextOf } from '@/lib/scripts/context';
import { getVisitVerdict } from './queries';

/**
 * A verdict's evidence (判定依据): what the verdict on one visit rests on — the verdict in force and
 * its versions with their reasons, the sampling decision, every callback with its attempts (manual
 * ones marked), calls (times, durations, whether recorded — never a phone number) and scored
 * result (script version, score, the answers as the reviewer reads them), the data-check findings
 * (waived ones with the decision that waived them) and the dispute decisions. The visit page and
 * the dispute page show the same, from here.
 *
 * Who sees what: staff and admin everything; a manager their own visit's, a supervisor their
 * unit's — once a verdict is published to them, the callbacks that are over, without agents' names,
 * call status histories or recordings (the department's review material). Agents: forbidden.
 */
const READERS = ['manager', 'supervisor', 'staff', 'admin'] as const;

type Params = Record<string, string | number>;

export interface FindingEvidence {
  code: string;
  severity: string;
  params: Params;
  /** Set when an overturned dispute waived it: the finding no longer counts. */
  waived: { disputeId: string; decidedBy: string; decidedAt: Date; comment: string } | null;
}

export interface DisputeEvidence {
  id: string;
  subject: 'verdict' | 'finding';
  findingCode: string | null;
  state: 'open' | 'under_review' | 'upheld' | 'overturned' | 'withdrawn';
  filedAt: Date;
  decision: { decision: 'upheld' | 'overturned'; decidedBy: string; decidedAt: Date; comment: string } | null;
}

export interface SamplingEvidence {
  sampled: boolean;
  reasonCode: string;
  reasonParams: Params;
  decidedAt: Date;
}

export interface VerdictEvidence {
  visitId: string;
  verdict: Awaited<ReturnType<typeof getVisitVerdict>>;
  sampling: SamplingEvidence | null;
  callbacks: CallbackEvidence[];
  findings: FindingEvidence[];
  disputes: DisputeEvidence[];
  /** Whether the reader gets the department's full review material (agents, histories, recordings). */
  full: boolean;
}

export async function verdictEvidence({ ctx, input }: { ctx: Ctx; input: { visitId: string } }): Promise<VerdictEvidence> {
  assertRole(ctx.actor, ...READERS);
  const { visitId } = parseInput(visitIdInput, input);
  const [visit] = await rows<{
    managerId: string;
    unitId: string | null;
    managerName: string;
    customerName: string;
    contactName: string | null;
    type: VisitType;
    visitedAt: Date | string;
    purpose: string;
  }>(
    ctx.db,
    sql`select v.manager_id as "managerId", m.unit_id as "unitId", m.display_name as "managerName", c.name as "customerName",
               (select ct.name from visit_report_contacts vc join contacts ct on ct.id = vc.contact_id
                 where vc.visit_id = v.id order by ct.name, ct.id limit 1) as "contactName",
               v.type, v.visited_at as "visitedAt", v.purpose
          from visit_reports v join users m on m.id = v.manager_id join customers c on c.id = v.customer_id
         where v.id = ${visitId}::uuid`,
  );
  if (!visit || !inManagerScope(ctx.actor, visit)) throw new NotFoundError();
  const full = seesEverything(ctx.actor);
  const verdict = await getVisitVerdict({ ctx, input: { visitId } });
  // Outside the department, nothing before a verdict is published: a callback still to come is
  // not announced to the manager whose visit it verifies.
  const shown = full || verdict.current !== null;
  const context = visitContextOf({ ...visit, visitedAt: new Date(visit.visitedAt) }, env().APP_TIMEZONE);

  const [sampling, callbacks, disputeRows] = await Promise.all([
    shown
      ? rows<{ sampled: boolean; reasonCode: string; reasonParams: Params; decidedAt: Date | string }>(
          ctx.db,
          sql`select sampled, reason_code as "reasonCode", reason_params as "reasonParams", decided_at as "decidedAt"
                from sampling_decisions where visit_id = ${visitId}::uuid`,
        )
      : Promise.resolve([]),
    shown ? loadCallbackEvidence(ctx.db, visitId, context, { full }) : Promise.resolve([]),
    rows<{
      id: string;
      subject: DisputeEvidence['subject'];
      findingCode: string | null;
      state: DisputeEvidence['state'];
      filedAt: Date | string;
      decidedAt: Date | string | null;
      deciderName: string | null;
      comment: string | null;
      /** The findings the dispute is about (lib/verdicts/dispute-grounds: the finding disputed, or those the disputed verdict rested on). */
      ground: string[];
      /** The findings as the verdict filed against held them. */
      recorded: { code: string; severity: string; params: Params }[] | null;
    }>(
      ctx.db,
      sql`select d.id, d.subject, d.finding_code as "findingCode", d.state, d.filed_at as "filedAt", d.decided_at as "decidedAt",
                 u.display_name as "deciderName", d.decision_comment as comment,
                 array(${sql.raw(GROUND_FINDINGS_SQL_TEXT)}) as ground,
                 (select vv.findings from visit_verdicts vv where vv.id = d.verdict_id) as recorded
            from disputes d left join users u on u.id = d.decided_by
           where d.visit_id = ${visitId}::uuid
           order by d.filed_at, d.id`,
    ),
  ]);

  const disputes: DisputeEvidence[] = disputeRows.map((d) => ({
    id: d.id,
    subject: d.subject,
    findingCode: d.findingCode,
    state: d.state,
    filedAt: new Date(d.filedAt),
    decision:
      (d.state === 'upheld' || d.state === 'overturned') && d.decidedAt
        ? { decision: d.state, decidedBy: d.deciderName ?? '', decidedAt: new Date(d.decidedAt), comment: d.comment ?? '' }
        : null,
  }));

  // The findings that count now, then those an overturned dispute waived (gone from the checks,
  // shown with the decision that waived them).
  const findings: FindingEvidence[] = verdict.findings.map((f) => ({ code: f.code, severity: f.severity, params: f.params, waived: null }));
  for (const d of disputeRows) {
    if (d.state !== 'overturned') continue;
    const waived = { disputeId: d.id, decidedBy: d.deciderName ?? '', decidedAt: new Date(d.decidedAt!), comment: d.comment ?? '' };
    // An overturned dispute waives its ground: the finding disputed, or those the verdict rested on.
    for (const code of new Set(d.ground)) {
      const current = findings.find((f) => f.code === code);
      const recorded = d.recorded?.find((f) => f.code === code);
      if (current) current.waived = waived;
      else findings.push({ code, severity: recorded?.severity ?? 'flag', params: recorded?.params ?? {}, waived });
    }
  }

  const s = sampling[0];
  return {
    visitId,
    verdict,
    sampling: s ? { sampled: s.sampled, reasonCode: s.reasonCode, reasonParams: s.reasonParams, decidedAt: new Date(s.decidedAt) } : null,
    callbacks,
    findings,
    disputes,
    full,
  };
}
