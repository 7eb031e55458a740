import { describe, expect, it } from 'vitest';
import { parseImportTime, splitContactNames, visitExternalRef, visitImport, type VisitColumn } from './import';

const TZ = 'Asia/Shanghai';

describe('parseImportTime', () => {
  it.each([
    { text: '2026-10-31 23:30', iso: '2026-10-31T15:30:00.000Z' },
    { text: '2026-10-31T23:30', iso: '2026-10-31T15:30:00.000Z' },
    { text: '2026/11/3 9:05', iso: '2026-11-03T01:05:00.000Z' },
    { text: '2026.11.03 09:05:30', iso: '2026-11-03T01:05:30.000Z' },
    { text: '2026年11月3日 14:30', iso: '2026-11-03T06:30:00.000Z' },
    { text: '２０２６-１１-０３　１４：３０', iso: '2026-11-03T06:30:00.000Z' },
    // Excel serial 46329.6041666667 = 2026-11-03 14:30 wall-clock
    { text: '46329.6041666667', iso: '2026-11-03T06:30:00.000Z' },
    { text: '46329', iso: '2026-11-02T16:00:00.000Z' },
  ])('$text → $iso', ({ text, iso }) => {
    expect(parseImportTime(text, TZ)?.toISOString()).toBe(iso);
  });

  it.each(['2026-11-03', '2026-02-30 10:00', '2026-11-03 24:00', 'yesterday', '12345', '99999', ''])('refuses %j', (text) => {
    expect(parseImportTime(text, TZ)).toBeUndefined();
  });
});

describe('splitContactNames', () => {
  it.each([
    { text: '张三、李四', names: ['张三', '李四'] },
    { text: '张三，李四;王五；赵六', names: ['张三', '李四', '王五', '赵六'] },
    { text: ' 张三 , 张三 ,, ', names: ['张三'] },
    { text: '、', names: [] },
  ])('$text', ({ text, names }) => {
    expect(splitContactNames(text)).toEqual(names);
  });
});

const blank: Record<VisitColumn, string> = {
  managerUsername: 'ZhangWei',
  groupCode: 'G100',
  contactNames: '张三、李四',
  type: '上门拜访',
  visitedAt: '2026-10-31 23:30',
  reportedAt: '',
  checkIn: '',
  latitude: '',
  longitude: '',
  purpose: '续签',
  summary: '',
};
const parse = (overrides: Partial<Record<VisitColumn, string>>) => visitImport.parseRow({ ...blank, ...overrides }, 7);
const codes = (overrides: Partial<Record<VisitColumn, string>>) => (parse(overrides).issues ?? []).map((i) => `${i.column}:${i.code}`);

describe('visit import parseRow', () => {
  it('reads a good row', () => {
    const { row } = parse({});
    expect(row).toMatchObject({ managerUsername: 'zhangwei', type: 'on_site', checkInMethod: 'none', reportedAt: null, latitude: null, contactNames: ['张三', '李四'] });
  });

  it.each([
    { cells: { type: '电话' }, issues: [] },
    { cells: { type: 'On-Site' }, issues: [] },
    { cells: { type: '微信' }, issues: ['type:import.visits.badType'] },
    { cells: { checkIn: '定位', latitude: '22.5', longitude: '114.1' }, issues: [] },
    { cells: { checkIn: 'gps' }, issues: ['latitude:import.visits.coordinatesRequired', 'longitude:import.visits.coordinatesRequired'] },
    { cells: { checkIn: '扫码', latitude: '22.5' }, issues: ['longitude:import.visits.coordinatesIncomplete'] },
    { cells: { checkIn: '无', latitude: '22.5', longitude: '114.1' }, issues: ['latitude:import.visits.coordinatesWithoutCheckIn', 'longitude:import.visits.coordinatesWithoutCheckIn'] },
    { cells: { checkIn: '刷脸' }, issues: ['checkIn:import.visits.badCheckIn'] },
    { cells: { checkIn: 'GPS', latitude: 'abc', longitude: '114' }, issues: ['latitude:import.visits.badCoordinate'] },
    { cells: { checkIn: 'GPS', latitude: '95', longitude: '114' }, issues: ['latitude:import.visits.latitudeRange'] },
    { cells: { reportedAt: '2026-10-31 23:29' }, issues: ['reportedAt:import.visits.reportedBeforeVisit'] },
    { cells: { reportedAt: '2026-10-31 23:30' }, issues: [] },
    { cells: { visitedAt: '2026-10-31' }, issues: ['visitedAt:import.visits.badTime'] },
    { cells: { managerUsername: '', purpose: '' }, issues: ['managerUsername:import.visits.required', 'purpose:import.visits.required'] },
    { cells: { contactNames: '，' }, issues: ['contactNames:import.visits.required'] },
  ])('$cells → $issues', ({ cells, issues }) => {
    expect(codes(cells)).toEqual(issues);
  });

  it('names the row and the column in each issue', () => {
    expect(parse({ type: '微信' }).issues?.[0]).toMatchObject({ rowNumber: 7, column: 'type', params: { column: 'type' }, value: '微信' });
  });
});

describe('visitExternalRef', () => {
  const base = { managerUsername: 'zhangwei', groupCode: 'G100', visitedAt: new Date('2026-10-31T15:30:00Z'), type: 'on_site' as const, contactNames: ['张三', '李四'] };
  it('is stable, ignores contact order, and changes with what makes a visit', () => {
    expect(visitExternalRef(base)).toBe(visitExternalRef({ ...base, contactNames: ['李四', '张三'] }));
    expect(visitExternalRef(base)).not.toBe(visitExternalRef({ ...base, type: 'phone' }));
    expect(visitExternalRef(base)).not.toBe(visitExternalRef({ ...base, visitedAt: new Date('2026-10-31T15:31:00Z') }));
    expect(visitExternalRef(base)).not.toBe(visitExternalRef({ ...base, contactNames: ['张三'] }));
  });
});
