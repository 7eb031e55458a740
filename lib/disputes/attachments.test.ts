import { describe, expect, it } from 'vitest';
import { attachmentIssues, detectAttachmentType, displayFileName } from './attachments';
import { answerRows } from '@/lib/verdicts/callback-evidence';

const bytes = (...parts: (number[] | string)[]) => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === 'string' ? [...new TextEncoder().encode(p)] : p));
  return new Uint8Array([...out, ...new Array(64).fill(0)]);
};

const SAMPLES = {
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0]),
  gif: bytes('GIF89a', [1, 0, 1, 0]),
  webp: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '),
  pdf: bytes('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  exe: bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]),
  text: bytes('这是一段纯文本，不是 PDF。\nplain text pretending to be a PDF\n'),
  zip: bytes('PK', [3, 4, 20, 0, 0, 0, 8, 0]),
  html: bytes('<!DOCTYPE html><html><body>hi</body></html>'),
};

describe('detectAttachmentType: by content, never by name', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
    ['pdf', 'application/pdf'],
    ['exe', null],
    ['text', null],
    ['zip', null],
    ['html', null],
  ] as [keyof typeof SAMPLES, string | null][])('%s → %s', async (sample, expected) => {
    expect(await detectAttachmentType(SAMPLES[sample])).toBe(expected);
  });

  it('an empty file has no type', async () => {
    expect(await detectAttachmentType(new Uint8Array(0))).toBeNull();
  });
});

describe('attachmentIssues', () => {
  const policy = { maxAttachments: 2, maxAttachmentBytes: 1024 * 1024 };
  it.each([
    ['nothing attached', [], []],
    ['two fine files', [{ name: 'a.png', size: 10, type: 'image/png' }, { name: 'b.pdf', size: 1024 * 1024, type: 'application/pdf' }], []],
    [
      'too many',
      [{ name: 'a.png', size: 1, type: 'image/png' }, { name: 'b.png', size: 1, type: 'image/png' }, { name: 'c.png', size: 1, type: 'image/png' }],
      [{ field: 'attachments', code: 'disputes.tooManyAttachments', params: { max: 2, count: 3 } }],
    ],
    ['one byte too large', [{ name: '大图.jpg', size: 1024 * 1024 + 1, type: null }], [{ field: 'attachments', code: 'disputes.attachmentTooLarge', params: { file: '大图.jpg', maxMb: 1 } }]],
    ['a renamed program', [{ name: 'x.pdf', size: 100, type: null }], [{ field: 'attachments', code: 'disputes.attachmentType', params: { file: 'x.pdf' } }]],
    ['an empty file', [{ name: 'empty.png', size: 0, type: null }], [{ field: 'attachments', code: 'disputes.attachmentEmpty', params: { file: 'empty.png' } }]],
    [
      'each refused file named',
      [{ name: 'a.exe', size: 5, type: null }, { name: 'b.txt', size: 5, type: null }],
      [
        { field: 'attachments', code: 'disputes.attachmentType', params: { file: 'a.exe' } },
        { field: 'attachments', code: 'disputes.attachmentType', params: { file: 'b.txt' } },
      ],
    ],
  ] as const)('%s', (_name, files, expected) => {
    expect(attachmentIssues(files as never, policy)).toEqual(expected);
  });
});

describe('displayFileName', () => {
  it.each([
    ['photo.jpg', 'photo.jpg'],
    ['C:\\Users\\me\\签到照片.png', '签到照片.png'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b.pdf', 'ab.pdf'],
    ['', 'file'],
    ['   ', 'file'],
  ])('%j → %j', (name, expected) => {
    expect(displayFileName(name)).toBe(expected);
  });
});

describe('answerRows: a callback as the reviewer reads it', () => {
  const definition = {
    questions: [
      { id: 'visited', type: 'yes_no' as const, text: '{manager}经理是否于{visitDate}拜访过您？', required: true, options: [{ id: 'yes', label: '是', points: 30 }, { id: 'no', label: '否', points: 0, knockOut: true }] },
      { id: 'visit_type', type: 'single' as const, text: '上门还是电话？', required: true, options: [{ id: 'on_site', label: '上门拜访', points: 0 }, { id: 'phone', label: '电话沟通', points: 0 }], compare: { field: 'visitType' as const, points: 20 } },
      { id: 'topics', type: 'multiple' as const, text: '谈了什么？', required: false, options: [{ id: 'a', label: '5G', points: 5 }, { id: 'b', label: '云', points: 5 }] },
      { id: 'remarks', type: 'text' as const, text: '其他意见', required: false, options: [] },
      { id: 'skipped', type: 'text' as const, text: '未问到', required: false, options: [] },
    ],
  };
  it('in script order, labels not ids, placeholders filled, points with the comparison', () => {
    const rows = answerRows(
      definition,
      { remarks: '满意', visited: 'no', visit_type: 'on_site', topics: ['a', 'b'], skipped: '' },
      { manager: '张三', visitDate: '2026-11-20' },
      { visit_type: { points: 20 } },
    );
    expect(rows).toEqual([
      { question: '张三经理是否于2026年11月20日拜访过您？', answer: '否', points: 0 },
      { question: '上门还是电话？', answer: '上门拜访', points: 20 },
      { question: '谈了什么？', answer: '5G、云', points: 10 },
      { question: '其他意见', answer: '满意', points: null },
    ]);
  });
});
