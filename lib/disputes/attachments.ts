import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { FieldIssue } from '@/lib/platform/core/errors';

/**
 * Dispute attachments: images and PDF, checked by their content (magic bytes, via `file-type`),
 * never by their name — a program or a text file renamed "x.pdf" is refused.
 */
export const ALLOWED_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ALLOWED_TYPES)[number];

/** The type the bytes are, when it is one of the allowed ones; else null. */
export async function detectAttachmentType(bytes: Uint8Array): Promise<AttachmentType | null> {
  if (bytes.byteLength === 0) return null;
  const found = await fileTypeFromBuffer(bytes);
  return found && (ALLOWED_TYPES as readonly string[]).includes(found.mime) ? (found.mime as AttachmentType) : null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file's name as shown (the name on the manager's machine, without any folder, at most 200 characters). */
export function displayFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'file').slice(-200);
}

export interface CheckedFile {
  name: string;
  size: number;
  /** The detected type (null: not an allowed type). */
  type: AttachmentType | null;
}

const mib = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * Why the files may not be attached (pure): too many, empty, too large or of a type not allowed —
 * each refusal names the file. Empty list: all fine.
 */
export function attachmentIssues(files: readonly CheckedFile[], policy: { maxAttachments: number; maxAttachmentBytes: number }): FieldIssue[] {
  if (files.length > policy.maxAttachments) {
    return [{ field: 'attachments', code: 'disputes.tooManyAttachments', params: { max: policy.maxAttachments, count: files.length } }];
  }
  const issues: FieldIssue[] = [];
  for (const f of files) {
    if (f.size === 0) issues.push({ field: 'attachments', code: 'disputes.attachmentEmpty', params: { file: f.name } });
    else if (f.size > policy.maxAttachmentBytes) {
      issues.push({ field: 'attachments', code: 'disputes.attachmentTooLarge', params: { file: f.name, maxMb: mib(policy.maxAttachmentBytes) } });
    } else if (f.type === null) issues.push({ field: 'attachments', code: 'disputes.attachmentType', params: { file: f.name } });
  }
  return issues;
}
