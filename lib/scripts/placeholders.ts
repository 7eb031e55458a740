import { PLACEHOLDERS, REPORT_PLACEHOLDERS, type Placeholder, type VisitContext, type VisitType } from './definition';

/**
 * Placeholders in question text ({customer}, {manager}, {visitDate} …) filled from the visit being
 * verified. Pure and client-safe. Scripts are read out in Chinese, so values are formatted the
 * Chinese way whatever the interface language; a missing value shows as '—'.
 */

export const MISSING = '—';
const TOKEN_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export const VISIT_TYPE_WORDS: Record<VisitType, string> = { on_site: '上门拜访', phone: '电话拜访' };

export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** Every {name} in the text, in order, once each (known or not). */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(TOKEN_RE)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/** '2026-11-03' → '2026年11月3日'; anything else → '—'. */
export function formatChineseDate(day: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!m) return MISSING;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

export function placeholderValue(name: Placeholder, context: VisitContext): string {
  const text = (v: string | null | undefined) => (v && v.trim() !== '' ? v.trim() : MISSING);
  switch (name) {
    case 'visitDate':
      return formatChineseDate(context.visitDate);
    case 'visitType':
      return context.visitType ? VISIT_TYPE_WORDS[context.visitType] : MISSING;
    default:
      return text(context[name]);
  }
}

/**
 * Fills the known placeholders; unknown {names} are left as written (publishing refuses them).
 * `hideReport` (blind mode) shows what the manager reported — date, type, purpose — as '—'.
 */
export function fillPlaceholders(text: string, context: VisitContext, options: { hideReport?: boolean } = {}): string {
  return text.replace(TOKEN_RE, (whole, name: string) => {
    if (!isPlaceholder(name)) return whole;
    if (options.hideReport && REPORT_PLACEHOLDERS.includes(name)) return MISSING;
    return placeholderValue(name, context);
  });
}

/** A made-up visit for the script preview. */
export function sampleVisitContext(today: string): VisitContext {
  return { customer: '示例科技有限公司', contact: '王主任', manager: '陈志强', visitDate: today, visitType: 'on_site', purpose: '5G 专线续约及云业务需求沟通' };
}
