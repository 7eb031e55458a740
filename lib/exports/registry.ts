import { exportAuditEntries } from '@/lib/audit-trail/audit-export';
import { exportCallbackResults } from '@/lib/callbacks/results-export';
import { exportAgentIndicators } from '@/lib/indicators/agents-export';
import { exportImportErrors } from '@/lib/imports/errors-export';
import type { Ctx } from '@/lib/platform/core/context';
import type { PreparedExport } from '@/lib/platform/export';
import { exportPointsLedger } from '@/lib/points/ledger-export';
import { exportSamplingDecisions } from '@/lib/sampling/decisions-export';
import { exportVisits } from '@/lib/visits/visits-export';

/**
 * Every kind of export, by the name in its URL (/api/exports/<kind>?format=xlsx|csv&…filters).
 * Each entry is a verb beside its domain's list verb: it parses the list's own filter schema
 * (a bad filter is a ValidationError naming the field), checks role and data scope as the list
 * does, and returns the file prepared to stream. A new kind is one line here and its verb.
 */
type ExportVerb<I = never> = (args: { ctx: Ctx; input: I }) => Promise<PreparedExport>;

export const EXPORTS = {
  visits: exportVisits,
  'callback-results': exportCallbackResults,
  'sampling-decisions': exportSamplingDecisions,
  'import-errors': exportImportErrors,
  'points-ledger': exportPointsLedger,
  'audit-log': exportAuditEntries,
  'agent-indicators': exportAgentIndicators,
} satisfies Record<string, ExportVerb>;

export type ExportKind = keyof typeof EXPORTS;
export const EXPORT_KINDS = Object.keys(EXPORTS) as [ExportKind, ...ExportKind[]];

/** The export of `kind` with the list's filters as they came in the query string. */
export function prepareExportOf({ ctx, input }: { ctx: Ctx; input: { kind: ExportKind; filters: Record<string, string> } }): Promise<PreparedExport> {
  // Text from the query string: each verb parses it with its list's schema (parseInput), so it may take any record.
  const verb = EXPORTS[input.kind] as ExportVerb<Record<string, string>>;
  return verb({ ctx, input: input.filters });
}
