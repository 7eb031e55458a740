import { zoneClock } from '@/lib/platform/time/zone-clock';

/**
 * How the cells of 附件1《集团客户明细》 are read. People type these by hand in Excel, so each
 * reader accepts the usual variants (full-width letters, 类/级 suffixes, Chinese dates) and
 * returns undefined for what it cannot read. Pure; no database.
 */
export const CUSTOMER_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];
export type ContactRole = 'key_person' | 'liaison';

const halfWidth = (raw: string) => raw.normalize('NFKC').trim();

export function parseCustomerClass(raw: string): CustomerClass | undefined {
  const m = /^([ABCD])\s*(类|级|类客户|级客户)?$/i.exec(halfWidth(raw));
  return m ? (m[1].toUpperCase() as CustomerClass) : undefined;
}

const CONTACT_ROLES: Record<string, ContactRole> = {
  关键人: 'key_person',
  keyperson: 'key_person',
  key: 'key_person',
  联系人: 'liaison',
  liaison: 'liaison',
};

/** Blank means "not stated" (the caller decides the default); unknown text is undefined. */
export function parseContactRole(raw: string): ContactRole | 'blank' | undefined {
  const text = halfWidth(raw).toLowerCase().replace(/[\s_-]/g, '');
  if (!text) return 'blank';
  return CONTACT_ROLES[text];
}

/** A decimal degree within [min, max]; blank is null, anything else unreadable is undefined. */
export function parseCoordinate(raw: string, min: number, max: number): number | null | undefined {
  const text = halfWidth(raw);
  if (!text) return null;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= min && value <= max ? value : undefined;
}

/**
 * A date (midnight) or date and time as a person writes it in a spreadsheet — 2026-03-01,
 * 2026/3/1, 2026.3.1, 2026年3月1日, optionally followed by 9:30 — read in the app's time zone.
 */
export function parseImportInstant(raw: string, timeZone: string): Date | undefined {
  const text = halfWidth(raw);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/.exec(text);
  if (!m) return undefined;
  const pad = (s: string) => s.padStart(2, '0');
  const day = `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
  const time = m[4] ? ` ${pad(m[4])}:${m[5]}${m[6] ? `:${m[6]}` : ''}` : '';
  return zoneClock(timeZone).parseLocalDateTime(`${day}${time}`);
}

/** Group codes are identifiers: full-width digits and stray spaces must not make a second customer. */
export function normalizeGroupCode(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** What a file states about a customer; undefined optional fields were left blank ("keep as is"). */
export interface StatedCustomer {
  name: string;
  class: CustomerClass;
  unitId: string;
  address?: string;
  latitude?: number;
  longitude?: number;
}

export interface CustomerFacts {
  name: string;
  class: CustomerClass;
  unitId: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
}

export type CustomerField = keyof CustomerFacts;

/** The fields a file would change on a customer on file, with their new values. */
export function customerChanges(current: CustomerFacts, stated: StatedCustomer): Partial<CustomerFacts> {
  const changes: Partial<CustomerFacts> = {};
  if (stated.name !== current.name) changes.name = stated.name;
  if (stated.class !== current.class) changes.class = stated.class;
  if (stated.unitId !== current.unitId) changes.unitId = stated.unitId;
  if (stated.address !== undefined && stated.address !== current.address) changes.address = stated.address;
  if (stated.latitude !== undefined && stated.latitude !== current.latitude) changes.latitude = stated.latitude;
  if (stated.longitude !== undefined && stated.longitude !== current.longitude) changes.longitude = stated.longitude;
  return changes;
}
