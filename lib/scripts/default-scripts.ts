import type { ScriptDefinition, ScriptQuestion } from './definition';

/**
 * The callback scripts the product ships with (附件2《外呼脚本》, following DOMAIN's outline):
 * confirm identity (wrong person ends the call), did the manager visit (no → knock-out), on site
 * or by phone (compared with the report), what was discussed (against the reported purpose),
 * satisfaction 1–5, remarks. Points sum to exactly 100 on the best path. Staff edit them in the
 * product like any other script; these are only the first versions.
 */

export const DEFAULT_SCRIPT_NAME = '标准回访脚本';
export const DEFAULT_BLIND_SCRIPT_NAME = '盲访回访脚本';

const OPENING = '您好，我是集团客户部的回访专员，想占用您一两分钟，核实一下我们客户经理近期的服务情况。';
const CLOSING = '感谢您的配合与支持，祝您工作顺利，再见！';

const identity = {
  id: 'identity',
  type: 'yes_no' as const,
  text: '请问您是{customer}的{contact}吗？',
  hint: '对方不是本人：致歉后结束通话（结果：非本人）。',
  required: true,
  options: [
    { id: 'yes', label: '是本人', points: 10 },
    { id: 'no', label: '不是本人', points: 0, end: 'wrong_person' as const },
  ],
};

const satisfaction = {
  id: 'satisfaction',
  type: 'rating' as const,
  text: '您对{manager}经理的服务是否满意？请用 1 到 5 分评价，5 分为非常满意。',
  required: true,
  options: [
    { id: '1', label: '1 分 非常不满意', points: 0 },
    { id: '2', label: '2 分 不满意', points: 5 },
    { id: '3', label: '3 分 一般', points: 10 },
    { id: '4', label: '4 分 满意', points: 15 },
    { id: '5', label: '5 分 非常满意', points: 20 },
  ],
};

const remarks = {
  id: 'remarks',
  type: 'text' as const,
  text: '您对我们的服务还有什么意见或建议吗？',
  hint: '如实记录客户原话；没有可留空。',
  required: false,
  options: [],
};

/** "Did the manager visit you?" — a "no" knocks the visit out and skips to the remarks. */
const visited = (text: string, hint: string): ScriptQuestion => ({
  id: 'visited',
  type: 'yes_no',
  text,
  hint,
  required: true,
  options: [
    { id: 'yes', label: '是', points: 30 },
    { id: 'no', label: '否', points: 0, knockOut: true, jump: 'remarks' },
  ],
});

/** "On site or by phone?" — the customer's answer is compared with the reported visit type. */
const visitType = (text: string, hint?: string): ScriptQuestion => ({
  id: 'visit_type',
  type: 'single',
  text,
  ...(hint ? { hint } : {}),
  required: true,
  options: [
    { id: 'on_site', label: '上门拜访', points: 0, value: 'on_site' },
    { id: 'phone', label: '电话沟通', points: 0, value: 'phone' },
    { id: 'unsure', label: '记不清', points: 0, value: '' },
  ],
  compare: { field: 'visitType', points: 20 },
});

/** Identity 10 + visited 30 + type 20 + purpose 20 + satisfaction 20 = 100. */
export const DEFAULT_SCRIPT: ScriptDefinition = {
  opening: OPENING,
  closing: CLOSING,
  questions: [
    identity,
    visited('{manager}经理是否于{visitDate}拜访过您？', '客户否认拜访：记为不通过（一票否决），直接询问意见建议后结束。'),
    visitType('请问那次是上门拜访，还是电话沟通？', '记录客户的说法，系统与报告的拜访方式（{visitType}）比对。'),
    {
      id: 'purpose',
      type: 'single',
      text: '请问主要沟通了哪些事项？',
      hint: '报告的拜访目的：{purpose}。请客户自己讲述，再判断是否一致。',
      required: true,
      options: [
        { id: 'match', label: '一致', points: 20 },
        { id: 'partly', label: '部分一致', points: 10 },
        { id: 'no', label: '不一致', points: 0 },
      ],
    },
    satisfaction,
    remarks,
  ],
};

/**
 * Blind variant: the agent does not see the reported date, type or purpose; the customer's own
 * answers are compared with the report. Identity 10 + visited 30 + date 20 + type 20 +
 * satisfaction 20 = 100; what was discussed is recorded for review without points.
 */
export const DEFAULT_BLIND_SCRIPT: ScriptDefinition = {
  opening: OPENING,
  closing: CLOSING,
  questions: [
    identity,
    visited('最近一个月，{manager}经理是否拜访或联系过您？', '客户否认：记为不通过（一票否决），直接询问意见建议后结束。'),
    {
      id: 'visit_date',
      type: 'date',
      text: '您还记得大概是哪一天吗？',
      hint: '客户记不清可留空；与报告日期相差 3 天以内视为一致。',
      required: false,
      options: [],
      compare: { field: 'visitDate', points: 20, toleranceDays: 3 },
    },
    visitType('那次是上门拜访，还是电话沟通？'),
    {
      id: 'topics',
      type: 'text',
      text: '主要沟通了哪些事项？',
      hint: '记录客户原话，由审核人员与报告比对，不自动计分。',
      required: false,
      options: [],
      compare: { field: 'purpose', points: 0 },
    },
    satisfaction,
    remarks,
  ],
};

export const DEFAULT_SPOT_CHECK_SCRIPT_NAME = '电话抽查脚本';

/**
 * 电话抽查 (spot check, docs/CAMPAIGNS.md): a customer the manager planned to visit that day is
 * asked whether the visit happened. The placeholders come from the plan — {visitDate} the planned
 * day, {purpose} the planned purpose, {visitType} empty (a plan does not say on site or by phone).
 *
 * Not blind: the question has to name the day it asks about ({visitDate}, which blind mode hides),
 * because the call may come the next morning; and no report exists yet, so there is no claim of
 * the manager's to lead the customer towards — the planned purpose only helps the agent recognise
 * the visit when the customer describes it, and the agent asks openly.
 *
 * Whether the manager came is the whole point, so "yes" carries most of the points: identity 10 +
 * visited 70 + satisfaction 20 = 100, and a "yes" scores at least 80 whatever else is said — a
 * poorly rated visit is still a visit made, and must not turn into a finding of 未拜访 under any
 * threshold up to 80. A "no" is a knock-out (the finding not_visited). On site and by phone both
 * count as visited (the issue: "visited today, or contacted, for phone visits"); the type is
 * recorded (each option says which it means) to set beside a report filed later, without points.
 */
export const DEFAULT_SPOT_CHECK_SCRIPT: ScriptDefinition = {
  opening: '您好，我是集团客户部的回访专员，想占用您一分钟，了解一下我们客户经理的服务情况。',
  closing: CLOSING,
  questions: [
    {
      ...identity,
      hint: '对方不是本人：致歉后结束通话（结果：非本人）。不要向对方透露抽查的拜访计划。',
    },
    {
      id: 'visited',
      type: 'yes_no',
      text: '{manager}经理{visitDate}有没有拜访过您或贵单位？上门或者电话联系都算。',
      hint: '抽查的是客户经理计划当天的拜访：计划日期是今天或昨天时，可直接说“今天”“昨天”。客户明确说没有：选“否”（一票否决，记为未拜访），再询问意见建议后结束。客户说不清楚（如当天不在单位）：不要选“否”，可请对方转接了解情况的同事，或预约回访。',
      required: true,
      options: [
        { id: 'yes', label: '有', points: 70 },
        { id: 'no', label: '没有', points: 0, knockOut: true, jump: 'remarks' },
      ],
    },
    {
      id: 'visit_type',
      type: 'single',
      text: '请问是上门拜访，还是电话联系？',
      hint: '上门和电话都算按计划拜访；如实记录，供核对之后的拜访报告。',
      required: true,
      options: [
        { id: 'on_site', label: '上门拜访', points: 0, value: 'on_site' },
        { id: 'phone', label: '电话联系', points: 0, value: 'phone' },
        { id: 'unsure', label: '记不清', points: 0, value: '' },
      ],
    },
    {
      id: 'topics',
      type: 'text',
      text: '请问主要沟通了哪些事项？',
      hint: '计划的拜访目的：{purpose}。请客户自己讲述，不要提示；记录原话，由审核人员与计划比对，不计分。',
      required: false,
      options: [],
      compare: { field: 'purpose', points: 0 },
    },
    satisfaction,
    remarks,
  ],
};
