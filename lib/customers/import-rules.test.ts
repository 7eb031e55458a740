import { describe, expect, it } from 'vitest';
import {
  customerChanges,
  normalizeGroupCode,
  parseContactRole,
  parseCoordinate,
  parseCustomerClass,
  parseImportInstant,
  type CustomerFacts,
} from './import-rules';

describe('parseCustomerClass', () => {
  it.each([
    ['A', 'A'],
    ['b', 'B'],
    [' C ', 'C'],
    ['Ｄ', 'D'], // full-width
    ['ａ', 'A'],
    ['A类', 'A'],
    ['B级', 'B'],
    ['', undefined],
    ['E', undefined],
    ['AA', undefined],
    ['1', undefined],
  ])('%j → %s', (raw, expected) => expect(parseCustomerClass(raw)).toBe(expected));
});

describe('parseContactRole', () => {
  it.each([
    ['关键人', 'key_person'],
    ['key person', 'key_person'],
    ['Key_Person', 'key_person'],
    ['联系人', 'liaison'],
    ['LIAISON', 'liaison'],
    ['', 'blank'],
    ['  ', 'blank'],
    ['领导', undefined],
  ])('%j → %s', (raw, expected) => expect(parseContactRole(raw)).toBe(expected));
});

describe('parseCoordinate', () => {
  it.each([
    ['31.2304', -90, 90, 31.2304],
    ['-33.9', -90, 90, -33.9],
    ['+121.47', -180, 180, 121.47],
    ['１２１．４７', -180, 180, 121.47], // full-width
    ['', -90, 90, null],
    ['90.1', -90, 90, undefined],
    ['-180.5', -180, 180, undefined],
    ['31,2', -90, 90, undefined],
    ['北纬31', -90, 90, undefined],
    ['1e2', -180, 180, undefined],
  ])('%j in [%d, %d] → %s', (raw, min, max, expected) => expect(parseCoordinate(raw, min, max)).toBe(expected));
});

describe('parseImportInstant (Asia/Shanghai)', () => {
  const tz = 'Asia/Shanghai';
  it.each([
    ['2026-03-01', '2026-02-28T16:00:00.000Z'],
    ['2026/3/1', '2026-02-28T16:00:00.000Z'],
    ['2026.03.01', '2026-02-28T16:00:00.000Z'],
    ['2026年3月1日', '2026-02-28T16:00:00.000Z'],
    ['2026-03-01 09:30', '2026-03-01T01:30:00.000Z'],
    ['2026/3/1 9:30', '2026-03-01T01:30:00.000Z'],
    ['２０２６－０３－０１', '2026-02-28T16:00:00.000Z'],
  ])('%j → %s', (raw, iso) => expect(parseImportInstant(raw, tz)?.toISOString()).toBe(iso));

  it.each(['', '2026-02-30', '2026-13-01', '03/01/2026', '2026-03-01 25:00', 'tomorrow'])('refuses %j', (raw) =>
    expect(parseImportInstant(raw, tz)).toBeUndefined(),
  );
});

describe('normalizeGroupCode', () => {
  it.each([
    ['G001', 'G001'],
    [' g 001 ', 'G001'],
    ['５７１００１', '571001'],
  ])('%j → %s', (raw, expected) => expect(normalizeGroupCode(raw)).toBe(expected));
});

describe('customerChanges', () => {
  const current: CustomerFacts = { name: '甲公司', class: 'A', unitId: 'u1', address: '一路1号', latitude: 30, longitude: 120 };
  it.each([
    ['nothing stated differs', { name: '甲公司', class: 'A', unitId: 'u1' }, {}],
    ['blank optional cells keep what is on file', { name: '甲公司', class: 'A', unitId: 'u1', address: undefined }, {}],
    ['same optional values', { name: '甲公司', class: 'A', unitId: 'u1', address: '一路1号', latitude: 30, longitude: 120 }, {}],
    ['class and unit', { name: '甲公司', class: 'B', unitId: 'u2' }, { class: 'B', unitId: 'u2' }],
    ['name and address', { name: '甲有限公司', class: 'A', unitId: 'u1', address: '二路2号' }, { name: '甲有限公司', address: '二路2号' }],
    ['coordinates', { name: '甲公司', class: 'A', unitId: 'u1', latitude: 31, longitude: 120 }, { latitude: 31 }],
  ] as const)('%s', (_name, stated, expected) => expect(customerChanges(current, stated)).toEqual(expected));
});
