import { policyVersionsText, type AssessmentTranslator } from './policy-versions-text';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { createTranslator } from 'next-intl';
import { catalogue } from '@/lib/platform/i18n/messages';
import type { Grade } from './grade';
import { RATE_FIGURES, UNMEASURED_REASON, type RateFigure, type UnmeasuredReason } from './rates';
import { allReportRows } from './report';
import { visitSheet } from './visit-sheet';
import { prepareWorkbook, sheetOf, type ExportColumn, type PreparedWorkbook } from '@/lib/platform/export';
import type { MonthReportInput } from './schemas';

/**
 * The monthly assessment report as an Excel workbook with Chinese headers (the department files
 * it as is): one sheet per manager, one per unit, 拜访到位率 (the spot checks) per manager and per
 * unit, the changes from the previous version, and
 * 拜访结论明细 — each visit's verdict with the evidence it rests on (lib/assessment/visit-sheet.ts).
 * Streamed (lib/platform/export): role, scope and the close are checked and the report's own
 * sheets read before a byte is sent; the visits' sheet, the big one, is read as it is written.
 */
const GRADE_ZH: Record<Grade, string> = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差', seriously_below: '严重不达标' };

/** The report's words from the Chinese catalogue (未测, its reasons, 样本不足, the score's 说明): one text for page and file. */
const zh = () => createTranslator({ locale: 'zh-CN', messages: catalogue['zh-CN'], namespace: 'assessment', timeZone: env().APP_TIMEZONE });
const REQUIREMENT_ZH: Record<string, string> = { on_site_month: '本月上门', contact_month: '本月电话或上门', on_site_quarter: '近三月上门' };
const FIGURE_ZH: Record<string, string> = {
  claimedCustomers: '认领客户数',
  required: '应拜访次数',
  done: '已完成次数',
  coverageRate: '拜访覆盖率',
  coverageFailed: '覆盖未达标',
  visits: '拜访记录数',
  late: '逾期填报数',
  onTimeRate: '按时填报率',
  sampled: '抽样回访数',
  valid: '真实有效数',
  invalid: '无效拜访数',
  unverified: '未核实数',
  pending: '待核实数',
  validRate: '有效率',
  points: '维系积分',
  score: '考核得分',
  grade: '等级',
  assessed: '参与考核',
  spotCheckDays: '抽查天数',
  spotCheckOnSite: '到位天数',
  spotCheckIncomplete: '拜访不全天数',
  spotCheckNone: '未拜访天数',
  spotCheckRate: '拜访到位率',
  spotCheckFindings: '未拜访客户数',
  spotCheckYuan: '罚款（元）',
  spotCheckOpen: '抽查未完成天数',
};

type Column = { header: string; key: string; width: number; percent?: boolean; wrap?: boolean };

const PERCENT_FIGURES = new Set(['coverageRate', 'validRate', 'onTimeRate', 'spotCheckRate']);
/** A figure's column, headed by its Chinese name. */
const figures = (...keys: string[]): Column[] => keys.map((key) => ({ header: FIGURE_ZH[key], key, width: 10, percent: PERCENT_FIGURES.has(key) }));
/** The verdict counts, rates and points both sheets show, in this order. */
const VERDICT_FIGURES = figures('visits', 'sampled', 'valid', 'invalid', 'unverified', 'pending', 'validRate', 'onTimeRate', 'points');

const MANAGER_COLUMNS: Column[] = [
  { header: '客户经理', key: 'managerName', width: 12 },
  { header: '工号', key: 'username', width: 12 },
  { header: '营销单位', key: 'unitName', width: 16 },
  ...figures('claimedCustomers', 'required', 'done', 'coverageRate'),
  { header: '覆盖是否达标', key: 'coverageMet', width: 10 },
  ...VERDICT_FIGURES,
  ...figures('score'),
  { header: '等级', key: 'grade', width: 12 },
  { header: '覆盖缺口', key: 'gaps', width: 30 },
  { header: '未测说明', key: 'unmeasured', width: 36 },
];

const UNIT_COLUMNS: Column[] = [
  { header: '营销单位', key: 'unitName', width: 16 },
  { header: '客户经理人数', key: 'managers', width: 12 },
  ...figures('claimedCustomers', 'required', 'done', 'coverageRate'),
  { header: '覆盖未达标人数', key: 'coverageFailed', width: 12 },
  ...VERDICT_FIGURES,
  { header: '平均得分', key: 'averageScore', width: 10 },
  { header: '样本不足人数', key: 'unscored', width: 12 },
  { header: '未测说明', key: 'unmeasured', width: 36 },
];

/** 拜访到位率 (电话抽查): checked days by result, the rate, findings, yuan, and the days still open at the close. */
const SPOT_CHECK_FIGURES = figures('spotCheckDays', 'spotCheckOnSite', 'spotCheckIncomplete', 'spotCheckNone', 'spotCheckRate', 'spotCheckFindings', 'spotCheckYuan', 'spotCheckOpen');

const SPOT_MANAGER_COLUMNS: Column[] = [
  { header: '客户经理', key: 'managerName', width: 12 },
  { header: '工号', key: 'username', width: 12 },
  { header: '营销单位', key: 'unitName', width: 16 },
  ...SPOT_CHECK_FIGURES,
];

const SPOT_UNIT_COLUMNS: Column[] = [
  { header: '营销单位', key: 'unitName', width: 16 },
  { header: '客户经理人数', key: 'managers', width: 12 },
  ...SPOT_CHECK_FIGURES,
];

const CHANGE_COLUMNS: Column[] = [
  { header: '客户经理', key: 'managerName', width: 14 },
  { header: '指标', key: 'figure', width: 14 },
  { header: '原值', key: 'old', width: 12 },
  { header: '新值', key: 'new', width: 12 },
];

const INFO_COLUMNS: Column[] = [
  { header: '项目', key: 'k', width: 16 },
  { header: '内容', key: 'v', width: 60, wrap: true },
];

type Cells = Record<string, unknown>;

/** A sheet of the report's rows by its columns' keys: a rate is a share (0.0% in Excel) or the word 未测, a number stays a number. */
function sheet(name: string, columns: Column[], data: Cells[]) {
  const cells: ExportColumn<Cells>[] = columns.map((c) => ({
    header: c.header,
    width: c.width,
    format: c.percent ? 'percent' : undefined,
    wrap: c.wrap,
    value: (r) => r[c.key] as ReturnType<ExportColumn<Cells>['value']>,
  }));
  return sheetOf({ name, columns: cells, rows: () => data });
}

export async function exportMonthReport({ ctx, input }: { ctx: Ctx; input: MonthReportInput }): Promise<PreparedWorkbook> {
  assertRole(ctx.actor, 'staff', 'admin', 'supervisor');
  const report = await allReportRows(ctx, input);
  if (!report.close) throw new NotFoundError('assessment.versionNotFound');
  const close = report.close;
  const t = zh();
  const notMeasured = t('rate.notMeasured');
  const noGrade = t('grade.insufficient_sample');
  // A rate not measured is the word 未测 in its cell (never 0 % or 100 %), its reason beside.
  const rateCells = (r: Partial<Record<RateFigure, number | null>>) =>
    Object.fromEntries(RATE_FIGURES.filter((k) => k in r).map((k) => [k, r[k] ?? notMeasured]));
  const unmeasuredText = (u: Partial<Record<RateFigure, UnmeasuredReason>>) =>
    RATE_FIGURES.filter((k) => u[k])
      .map((k) => `${FIGURE_ZH[k]}：${t(`rate.reason.${u[k]!}`)}`)
      .join('；');
  const gapsText = (gaps: { requirement: string }[]) => {
    const counts = new Map<string, number>();
    for (const g of gaps) counts.set(g.requirement, (counts.get(g.requirement) ?? 0) + 1);
    return [...counts].map(([r, n]) => `${REQUIREMENT_ZH[r] ?? r} ×${n}`).join('，');
  };
  const managers = sheet(
    '客户经理',
    MANAGER_COLUMNS,
    report.rows.map((r) => ({
      managerName: r.managerName,
      username: r.username,
      unitName: r.unitName ?? '',
      ...r.figures,
      ...rateCells(r.figures),
      coverageMet: r.figures.coverageFailed ? '未达标' : '达标',
      score: r.score ?? noGrade,
      grade: r.grade ? GRADE_ZH[r.grade] : noGrade,
      gaps: gapsText(r.gaps),
      unmeasured: unmeasuredText(r.unmeasured),
    })),
  );
  const units = sheet(
    '营销单位',
    UNIT_COLUMNS,
    report.units.map((u) => ({ ...u, ...rateCells(u), averageScore: u.averageScore ?? noGrade, unitName: u.unitName ?? '（无单位）', unmeasured: unmeasuredText(u.unmeasured) })),
  );

  // 拜访到位率 per manager and per unit: the word 未测 for a rate of no checked day, never 0 % or 100 %.
  const spotManagers = sheet(
    '拜访到位率',
    SPOT_MANAGER_COLUMNS,
    report.rows.map((r) => ({ managerName: r.managerName, username: r.username, unitName: r.unitName ?? '', ...r.figures, spotCheckRate: r.figures.spotCheckRate ?? notMeasured })),
  );
  const spotUnits = sheet(
    '拜访到位率-单位',
    SPOT_UNIT_COLUMNS,
    report.units.map((u) => ({ ...u, unitName: u.unitName ?? '（无单位）', spotCheckRate: u.spotCheckRate ?? notMeasured })),
  );

  const show = (figure: string, v: unknown) => {
    if (v === null || v === undefined) return figure === 'score' || figure === 'grade' ? noGrade : PERCENT_FIGURES.has(figure) ? notMeasured : '';
    if (figure === 'grade' && typeof v === 'string') return GRADE_ZH[v as Grade] ?? v;
    return typeof v === 'boolean' ? (v ? '是' : '否') : v;
  };
  const changes = sheet(
    '变化',
    CHANGE_COLUMNS,
    report.changes.map((c) => ({ managerName: c.managerName, figure: FIGURE_ZH[c.figure] ?? c.figure, old: show(c.figure, c.old), new: show(c.figure, c.new) })),
  );

  const closedAt = format(new TZDate(close.closedAt.getTime(), env().APP_TIMEZONE), 'yyyy-MM-dd HH:mm');
  const info = sheet('说明', INFO_COLUMNS, [
    { k: '考核月份', v: close.month },
    { k: '结账版本', v: `第 ${close.version} 版` },
    { k: '结账时间', v: `${closedAt}（${env().APP_TIMEZONE}）` },
    { k: '结账人', v: close.closedByName ?? '' },
    { k: '考核规则版本', v: policyVersionsText(t as unknown as AssessmentTranslator, close.policies, '，') },
    // How the figures read: the same 说明 as the report page.
    { k: t('note.ratesTitle'), v: t('note.rates') },
    ...(report.scoring
      ? [
          { k: t('note.scoreTitle'), v: t('note.score', report.scoring.weights) },
          { k: t('note.gradeTitle'), v: t('note.grades', report.scoring.gradeBands) },
        ]
      : []),
    ...RATE_FIGURES.map((k) => ({ k: `${FIGURE_ZH[k]}${notMeasured}`, v: t(`rate.reason.${UNMEASURED_REASON[k]}`) })),
    { k: FIGURE_ZH.spotCheckRate, v: t('note.spotCheck') },
  ]);
  const scope = report.filters.unitId || report.unitLocked ? '-单位' : '';
  return prepareWorkbook({
    title: `考核报表-${close.month}-v${close.version}${scope}`,
    asciiName: `assessment-${close.month}`,
    timeZone: env().APP_TIMEZONE,
    sheets: [
      managers,
      units,
      spotManagers,
      spotUnits,
      changes,
      info,
      // 拜访结论明细: each visit's verdict with the evidence it rests on, read as it is written.
      sheetOf(visitSheet(ctx.db, { closeId: close.id, managerIds: report.rows.map((r) => r.managerId), timeZone: env().APP_TIMEZONE })),
    ],
  });
}
