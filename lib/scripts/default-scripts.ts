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
