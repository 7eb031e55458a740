import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { catalogue } from '@/lib/platform/i18n/messages';
import type { Locale } from '@/lib/platform/i18n/config';
import type { RootTranslator } from '@/lib/visits/verdict-text';
import { actionLabel, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, auditSentence, recordHref, type AuditTrailEntry } from './catalogue';

const translator = (locale: Locale) => createTranslator({ locale, messages: catalogue[locale], timeZone: 'Asia/Shanghai' }) as unknown as RootTranslator;
const zh = translator('zh-CN');
const en = translator('en');

const staff1 = { id: 's1', displayName: '王敏', username: 'staff1' };
const mgr03 = { displayName: '李强', username: 'mgr03' };
const mgr04 = { displayName: '赵磊', username: 'mgr04' };
type Entry = Pick<AuditTrailEntry, 'action' | 'entityType' | 'actor' | 'subject'>;
const entry = (action: string, entityType: string, subject: Entry['subject'], actor: Entry['actor'] = staff1): Entry => ({ action, entityType, actor, subject });

describe('each audit entry reads as a sentence naming the person and the record', () => {
  it.each<[string, Entry, string, string]>([
    [
      'a full number revealed',
      entry('phone.revealed', 'contact', { contact: '邱军', customer: '鹏程医药有限公司' }),
      '王敏（staff1） 看了 鹏程医药有限公司 联系人 邱军 的完整号码',
      '王敏 (staff1) viewed the full number of 邱军 (鹏程医药有限公司)',
    ],
    [
      'a callback outcome, by its name',
      entry('callback.submitted', 'callback_task', { customer: '鹏程医药有限公司', visitedAt: '2026-11-03', outcome: 'completed' }),
      '王敏（staff1） 提交了 鹏程医药有限公司 拜访（2026-11-03）的回访结果：完成回访',
      '王敏 (staff1) submitted the callback of the visit to 鹏程医药有限公司 (2026-11-03): completed',
    ],
    [
      'a reassignment names both managers',
      entry('claim.reassigned', 'customer', { customer: '鹏程医药有限公司', manager: mgr04, fromManager: mgr03 }),
      '王敏（staff1） 把客户 鹏程医药有限公司 从 李强（mgr03） 改派给 赵磊（mgr04）',
      '王敏 (staff1) moved the customer 鹏程医药有限公司 from 李强 (mgr03) to 赵磊 (mgr04)',
    ],
    [
      'a manager reporting their own visit is named once',
      entry('visit.reported', 'visit', { customer: '鹏程医药有限公司', visitedAt: '2026-11-03', manager: mgr03 }, { id: 'm3', ...mgr03 }),
      '李强（mgr03） 填报了对 鹏程医药有限公司 的拜访（2026-11-03）',
      '李强 (mgr03) reported their visit to 鹏程医药有限公司 (2026-11-03)',
    ],
    [
      'staff reporting a manager’s visit name both',
      entry('visit.reported', 'visit', { customer: '鹏程医药有限公司', visitedAt: '2026-11-03', manager: mgr03 }),
      '王敏（staff1） 填报了 李强（mgr03） 对 鹏程医药有限公司 的拜访（2026-11-03）',
      '王敏 (staff1) reported the visit of 李强 (mgr03) to 鹏程医药有限公司 (2026-11-03)',
    ],
    [
      'a dispute decision',
      entry('dispute.overturned', 'dispute', { customer: '鹏程医药有限公司', visitedAt: '2026-10-12', manager: mgr03 }),
      '王敏（staff1） 改判了 鹏程医药有限公司 拜访（2026-10-12）的判定（申诉成立）',
      '王敏 (staff1) overturned the verdict on the visit to 鹏程医药有限公司 (2026-10-12): dispute accepted',
    ],
    [
      'a spot-check callback says so, dated by the planned visit',
      entry('callback.taken', 'callback_task', { customer: '鹏程医药有限公司', visitedAt: '2026-11-23', campaign: 'spot_check' }),
      '王敏（staff1） 领取了 鹏程医药有限公司 电话抽查（2026-11-23）的回访',
      '王敏 (staff1) took the callback of the spot check of 鹏程医药有限公司 (2026-11-23)',
    ],
    [
      'a dispute of a spot-check finding',
      entry('dispute.upheld', 'dispute', { customer: '鹏程医药有限公司', visitedAt: '2026-11-23', manager: mgr03, campaign: 'spot_check' }),
      '王敏（staff1） 维持了 鹏程医药有限公司 电话抽查（2026-11-23）的原判定（申诉不成立）',
      '王敏 (staff1) upheld the verdict on the spot check of 鹏程医药有限公司 (2026-11-23): dispute rejected',
    ],
    [
      'a day of spot checks selected by the system',
      entry('spotChecks.selected', 'spot_check_day', { day: '2026-11-23', count: 12 }, null),
      '系统 抽取了 2026-11-23 的电话抽查，新建抽查回访 12 条',
      'The system selected the spot checks of 2026-11-23: 12 callbacks created',
    ],
    [
      'a spot check evaluated by the system',
      entry('spotCheck.evaluated', 'spot_check', { day: '2026-11-23', manager: mgr03 }, null),
      '系统 核算了 李强（mgr03） 2026-11-23 的电话抽查结果',
      'The system evaluated the spot check of 李强 (mgr03) on 2026-11-23',
    ],
    [
      'a removal flag raised and cleared',
      entry('managerFlag.raised', 'manager_flag', { manager: mgr03, count: 5 }, null),
      '系统 因电话抽查发现未拜访 5 次，将 李强（mgr03） 标记为建议调离',
      'The system flagged 李强 (mgr03) for removal: spot checks found no visit 5 times',
    ],
    [
      'a removal flag cleared by staff',
      entry('managerFlag.cleared', 'manager_flag', { manager: mgr03 }),
      '王敏（staff1） 清除了 李强（mgr03） 的“建议调离”标记',
      '王敏 (staff1) cleared the "removal suggested" flag of 李强 (mgr03)',
    ],
    [
      'a policy by its name and version',
      entry('policy.saved', 'policy', { policyKey: 'sampling', version: '3' }),
      '王敏（staff1） 保存了抽样规则第 3 版',
      '王敏 (staff1) saved version 3 of sampling rules',
    ],
    [
      'a script assigned to a class',
      entry('script.assigned', 'script_assignment', { slot: 'A', script: '标准回访' }),
      '王敏（staff1） 让A 类客户使用外呼脚本 标准回访',
      '王敏 (staff1) assigned the callback script 标准回访 to class A customers',
    ],
    [
      'a script assigned to spot checks',
      entry('script.assigned', 'script_assignment', { slot: 'spotCheck', script: '电话抽查脚本' }),
      '王敏（staff1） 让电话抽查使用外呼脚本 电话抽查脚本',
      '王敏 (staff1) assigned the callback script 电话抽查脚本 to spot checks',
    ],
    [
      'an import by its file and kind',
      entry('import.uploaded', 'import', { file: '客户.xlsx', kind: 'customers' }),
      '王敏（staff1） 上传了导入文件 客户.xlsx（集团客户明细（附件1））',
      '王敏 (staff1) uploaded the import file 客户.xlsx (Customer list (Annex 1))',
    ],
    [
      'what a timer did, by the system',
      entry('callback.due', 'callback_task', { customer: '鹏程医药有限公司', visitedAt: '2026-11-03' }, null),
      '鹏程医药有限公司 拜访（2026-11-03）的回访到了可拨打时间，进入待拨队列',
      'The callback of the visit to 鹏程医药有限公司 (2026-11-03) became due',
    ],
    [
      'a month closed by a person',
      entry('month.closed', 'month', { month: '2026-10', version: '2' }),
      '王敏（staff1） 完成了 2026-10 的月结（第 2 版）',
      '王敏 (staff1) closed 2026-10 (version 2)',
    ],
    [
      'a record no longer on file',
      entry('contact.updated', 'contact', {}),
      '王敏（staff1） 修改了 （已不存在的记录） 联系人 （已不存在的记录） 的资料',
      '王敏 (staff1) changed the contact (a record no longer on file) of (a record no longer on file)',
    ],
    [
      'an action the catalogue does not know, with a name',
      entry('customer.merged', 'customer', { customer: '鹏程医药有限公司' }),
      '王敏（staff1） 对客户「鹏程医药有限公司」进行了操作',
      '王敏 (staff1) acted on the Customer “鹏程医药有限公司”',
    ],
    [
      'an unknown action on an unknown kind of record, by the system',
      entry('ledger.rebuilt', 'ledger', {}, null),
      '系统 对记录进行了操作',
      'The system acted on a Record',
    ],
  ])('%s', (_name, e, chinese, english) => {
    expect(auditSentence(zh, e)).toBe(chinese);
    expect(auditSentence(en, e)).toBe(english);
  });
});

describe('the catalogue covers every action and kind of record in both languages', () => {
  it.each(AUDIT_ACTIONS)('%s has a label and a sentence', (action) => {
    for (const t of [zh, en]) {
      expect(t.has(`auditTrail.actions.${action}`)).toBe(true);
      expect(t.has(`auditTrail.sentences.${action}`)).toBe(true);
    }
  });

  it('no Chinese sentence or label shows an internal key', () => {
    for (const action of AUDIT_ACTIONS) {
      const sentence = auditSentence(zh, entry(action, 'contact', { customer: '甲公司', contact: '乙', file: 'a.csv' }));
      expect(sentence).not.toContain(action);
      expect(sentence).not.toMatch(/[{}]/);
      expect(actionLabel(zh, action)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(actionLabel(zh, 'ledger.rebuilt')).toBe('其他操作');
    for (const type of AUDIT_ENTITY_TYPES) expect(zh.has(`auditTrail.entities.${type}`)).toBe(true);
  });
});

describe('the audit page links the record for a reader who may open it', () => {
  it.each<[string, Pick<AuditTrailEntry, 'entityType' | 'entityId' | 'subject'>, string, string | null]>([
    ['a contact → its customer', { entityType: 'contact', entityId: 'k1', subject: { customerId: 'c1', contact: '邱军' } }, 'staff', '/customers/c1'],
    ['a callback → its visit', { entityType: 'callback_task', entityId: 't1', subject: { visitId: 'v1' } }, 'staff', '/visits/v1'],
    ['a dispute', { entityType: 'dispute', entityId: 'd1', subject: { visitId: 'v1' } }, 'admin', '/disputes/d1'],
    ['a day of spot checks selected → that day on 电话抽查', { entityType: 'spot_check_day', entityId: '2026-11-23', subject: { day: '2026-11-23' } }, 'staff', '/spot-checks?day=2026-11-23'],
    ['a policy → its settings page', { entityType: 'policy', entityId: 'calling@2', subject: { policyKey: 'calling' } }, 'staff', '/settings/calling'],
    ['a user, for admin', { entityType: 'user', entityId: 'u1', subject: { user: { displayName: 'a', username: 'b' } } }, 'admin', '/admin/users/u1'],
    ['a user, not for staff', { entityType: 'user', entityId: 'u1', subject: { user: { displayName: 'a', username: 'b' } } }, 'staff', null],
    ['a record gone', { entityType: 'visit', entityId: 'v9', subject: {} }, 'staff', null],
    ['an unknown kind', { entityType: 'ledger', entityId: 'x', subject: {} }, 'staff', null],
    ['anyone but staff and admin', { entityType: 'visit', entityId: 'v1', subject: { visitId: 'v1' } }, 'manager', null],
  ])('%s', (_name, e, role, href) => {
    expect(recordHref(e, role)).toBe(href);
  });
});
