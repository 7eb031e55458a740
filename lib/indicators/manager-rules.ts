import { rate, type Rate } from './rate';

/**
 * The managers' side (客户拜访考核方案): plan completion, record completeness and timeliness of
 * reports. Pure; the counts come from lib/indicators/daily-queries.ts.
 */

/**
 * What a complete visit report holds (附件3《集团客户拜访记录》, and 客户拜访考核方案's "拜访对象、时间、
 * 内容"): the contacts visited on file (DOMAIN rule 3), the purpose, what was discussed (the summary),
 * and for an on-site visit a check-in (GPS or QR) that places it. Time, customer and type cannot be
 * missing from a stored report. The reporting policy has no list of required fields yet; until it
 * does, this is the list.
 */
export const REQUIRED_REPORT_FIELDS = ['contact', 'purpose', 'summary', 'checkIn'] as const;
export type RequiredReportField = (typeof REQUIRED_REPORT_FIELDS)[number];

/** What the database tells of one report (or of a group of reports alike). */
export interface ReportFacts {
  hasContact: boolean;
  hasPurpose: boolean;
  hasSummary: boolean;
  onSite: boolean;
  hasCheckIn: boolean;
}

export function missingReportFields(f: ReportFacts): RequiredReportField[] {
  const missing: RequiredReportField[] = [];
  if (!f.hasContact) missing.push('contact');
  if (!f.hasPurpose) missing.push('purpose');
  if (!f.hasSummary) missing.push('summary');
  if (f.onSite && !f.hasCheckIn) missing.push('checkIn');
  return missing;
}

export interface RecordCompleteness {
  reports: number;
  /** Reports with every required field / reports. */
  complete: Rate;
  /** Reports missing each field. */
  missing: Record<RequiredReportField, number>;
}

/** Record completeness over groups of reports with the same facts (the database counts each group). */
export function recordCompleteness(groups: readonly { facts: ReportFacts; reports: number }[]): RecordCompleteness {
  // A literal, not built from the list: a department reads this for each of its 10,000 managers.
  const missing: Record<RequiredReportField, number> = { contact: 0, purpose: 0, summary: 0, checkIn: 0 };
  let reports = 0;
  let complete = 0;
  for (const g of groups) {
    reports += g.reports;
    const gaps = missingReportFields(g.facts);
    if (gaps.length === 0) complete += g.reports;
    for (const f of gaps) missing[f] += g.reports;
  }
  return { reports, complete: rate(complete, reports), missing };
}

/**
 * Plan completion: planned visits done / planned visits, over the items of the month's approved
 * plans. A planned visit is done when the manager reported a visit to that customer in the month;
 * each reported visit fulfils one planned item of its customer (two items for one customer need two
 * visits), whatever its day or type.
 */
export function planCompletion(done: number, planned: number): Rate {
  return rate(done, planned);
}

/** Timeliness of reports: reports filed within the reporting policy's deadline / reports. */
export function reportsOnTime(late: number, reports: number): Rate {
  return rate(reports - late, reports);
}
