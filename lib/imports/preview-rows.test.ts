import { describe, expect, it } from 'vitest';
import { customerColumns, customerImport } from '@/lib/customers/import';
import { visitColumns, visitImport } from '@/lib/visits/import';
import type { ColumnSpec } from '@/lib/platform/import/columns';

/** The preview shows a row as the commit reads it (the contact's number masked): parse, then previewRow — both pure. */
function cellsOf<K extends string>(columns: ColumnSpec<K>[], given: Partial<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(columns.map((c) => [c.key, given[c.key] ?? ''])) as Record<K, string>;
}

describe('customer rows in the preview', () => {
  it.each([
    [
      { groupCode: ' g-001 ', name: '华东钢铁集团', class: 'ａ', unit: 'DX01', managerUsername: 'ZhangWei', contactName: '王总', contactPhone: '138 1234 5678', contactRole: '联系人' },
      { groupCode: 'G-001', name: '华东钢铁集团', class: 'A', unit: 'DX01', managerUsername: 'zhangwei', contactName: '王总', contactPhone: '138****5678', contactRole: 'liaison' },
    ],
    [
      { groupCode: 'G2', name: '城西物流', class: 'c', unit: '城西营销单位', latitude: '31.2304', longitude: '121.4737', managerUsername: 'lina', claimFrom: '2026-03-01' },
      { groupCode: 'G2', name: '城西物流', class: 'C', unit: '城西营销单位', latitude: '31.2304', longitude: '121.4737', managerUsername: 'lina', claimFrom: '2026-03-01 00:00' },
    ],
  ])('%j → %j', (given, shown) => {
    const parsed = customerImport.parseRow(cellsOf(customerColumns, given), 2);
    expect(parsed.issues).toBeUndefined();
    expect(customerImport.previewRow(parsed.row!)).toEqual(shown);
  });
});

describe('visit rows in the preview', () => {
  it('normalises the manager, the contacts, the type and the times (Beijing time)', () => {
    const parsed = visitImport.parseRow(
      cellsOf(visitColumns, { managerUsername: 'ZhangWei', groupCode: 'G100', contactNames: '张三，李四、张三', type: '上门', visitedAt: '2026/11/3 9:05', checkIn: '扫码', purpose: '续签' }),
      2,
    );
    expect(parsed.issues).toBeUndefined();
    expect(visitImport.previewRow(parsed.row!)).toEqual({
      managerUsername: 'zhangwei',
      groupCode: 'G100',
      contactNames: '张三、李四',
      type: 'on_site',
      visitedAt: '2026-11-03 09:05',
      checkIn: 'qr',
      purpose: '续签',
    });
  });
});
