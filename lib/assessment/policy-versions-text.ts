/**
 * The rule versions a close was made under, as staff read them ("数据核查规则 默认 · 填报规则 第 2 版"):
 * each rule set by its name from the `assessment.report.policyName` catalogue, never its internal
 * key. Shared by the report page and the XLSX's 说明 sheet. Pure: the translator (namespace
 * 'assessment') comes in.
 */
export interface AssessmentTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

export function policyVersionsText(t: AssessmentTranslator, policies: Record<string, number>, separator = ' · '): string {
  return Object.entries(policies)
    .map(([key, version]) => {
      const name = t.has(`report.policyName.${key}`) ? t(`report.policyName.${key}`) : key;
      return `${name} ${version === 0 ? t('report.policyDefault') : t('report.policyVersion', { version })}`;
    })
    .join(separator);
}
