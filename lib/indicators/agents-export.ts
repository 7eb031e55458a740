import type { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { fileTranslator, prepareExport, type CellValue, type ExportColumn, type PreparedExport } from '@/lib/platform/export';
import { getAgentAssessment } from './agent-assessment';
import { getCallbackIndicators, type AgentFigures } from './indicators';
import type { Rate } from './rate';
import { callbackIndicatorsInput } from './schemas';

/**
 * 坐席指标 as a file: each agent's figures of a month as the dashboard reads them (finished
 * callbacks, AAPOR rates, timeliness, quality, productivity), and the agent's month assessment
 * (坐席考核: the three parts, score and grade — as the close froze them once the month is closed),
 * one row an agent. Staff and admin.
 * A few hundred rows at most: read through the verb, not a cursor.
 */
const agentsExportFilters = callbackIndicatorsInput.pick({ month: true, unitId: true });

export async function exportAgentIndicators({ ctx, input }: { ctx: Ctx; input: z.input<typeof agentsExportFilters> }): Promise<PreparedExport> {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = parseInput(agentsExportFilters, input);
  const figures = await getCallbackIndicators({ ctx, input: f });
  const assessment = await getAgentAssessment({ ctx, input: { month: figures.month } });
  const assessed = new Map(assessment.agents.map((a) => [a.agentId, a]));

  const t = fileTranslator();
  const c = (key: string) => t(`exports.agentIndicators.columns.${key}`);
  // A rate with a zero denominator reads 未测 in the file as on the pages, never 0 % or 100 %.
  const pct = (rate: Rate): CellValue => rate.value ?? t('dashboard.notMeasured');
  const num = (value: number | null): CellValue => value ?? t('dashboard.notMeasured');
  const columns: ExportColumn<AgentFigures>[] = [
    { header: c('agent'), width: 10, value: (r) => r.name },
    { header: c('username'), width: 10, value: (r) => r.username },
    { header: c('closed'), format: 'integer', width: 8, value: (r) => r.finished.closed },
    { header: c('unreachable'), format: 'integer', width: 8, value: (r) => r.finished.unreachable },
    { header: c('rr1'), format: 'percent', width: 8, value: (r) => pct(r.aapor.rr1) },
    { header: c('coop1'), format: 'percent', width: 8, value: (r) => pct(r.aapor.coop1) },
    { header: c('finalHoursMedian'), format: 'decimal', width: 12, value: (r) => num(r.timeliness.finalHours.median) },
    { header: c('withinDeadline'), format: 'percent', width: 10, value: (r) => pct(r.timeliness.withinDeadline) },
    { header: c('finishedLate'), format: 'integer', width: 10, value: (r) => r.timeliness.finishedLate },
    { header: c('satisfied'), format: 'percent', width: 10, value: (r) => pct(r.quality.satisfaction.satisfied) },
    { header: c('agentErrors'), format: 'percent', width: 10, value: (r) => pct(r.quality.agentErrors) },
    { header: c('calls'), format: 'integer', width: 8, value: (r) => r.productivity.calls },
    { header: c('callsPerHour'), format: 'decimal', width: 10, value: (r) => num(r.productivity.callsPerHour) },
    { header: c('answeredCalls'), format: 'integer', width: 8, value: (r) => r.productivity.answeredCalls },
    { header: c('talkMinutes'), format: 'decimal', width: 10, value: (r) => r.productivity.talkSeconds / 60 },
    { header: c('averageWrapUpSeconds'), format: 'decimal', width: 12, value: (r) => num(r.productivity.averageWrapUpSeconds) },
    // The month assessment; an agent it does not list (nothing worked in the month's callbacks) has no part measured.
    { header: c('assessmentCallbackRate'), format: 'percent', width: 10, value: (r) => (assessed.has(r.agentId) ? pct(assessed.get(r.agentId)!.parts.callbackRate) : t('dashboard.notMeasured')) },
    { header: c('assessmentQuality'), format: 'percent', width: 10, value: (r) => (assessed.has(r.agentId) ? pct(assessed.get(r.agentId)!.parts.quality) : t('dashboard.notMeasured')) },
    { header: c('assessmentTimeliness'), format: 'percent', width: 10, value: (r) => (assessed.has(r.agentId) ? pct(assessed.get(r.agentId)!.parts.timeliness) : t('dashboard.notMeasured')) },
    { header: c('score'), format: 'decimal', width: 8, value: (r) => assessed.get(r.agentId)?.score ?? t('assessment.grade.insufficient_sample') },
    { header: c('grade'), width: 10, value: (r) => t(`assessment.grade.${assessed.get(r.agentId)?.grade ?? 'insufficient_sample'}`) },
  ];
  return prepareExport({
    title: `${t('exports.agentIndicators.title')}-${figures.month}`,
    asciiName: `agent-indicators-${figures.month}`,
    sheetName: t('exports.agentIndicators.title'),
    columns,
    rows: async function* () {
      yield* figures.byAgent;
    },
    timeZone: env().APP_TIMEZONE,
  });
}
