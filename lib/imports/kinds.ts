import { customerImport } from '@/lib/customers/import';
import { visitImport } from '@/lib/visits/import';
import type { ImportHandler } from '@/lib/platform/import/handler';

/** The import kinds and the domain module that knows each one's columns and rules. */
export const importHandlers = {
  customers: customerImport,
  visits: visitImport,
} as const;

export type ImportKind = keyof typeof importHandlers;
export const IMPORT_KINDS = Object.keys(importHandlers) as ImportKind[];

export function importHandler(kind: ImportKind): ImportHandler<unknown> {
  return importHandlers[kind] as unknown as ImportHandler<unknown>;
}
