/**
 * What people call the app's time zone, in their language: 北京时间 / Beijing time for
 * Asia/Shanghai (what China's users say — never the IANA name), else the zone's long generic
 * name from Intl (e.g. 日本时间 / Japan Time), else the IANA name itself.
 */
const SAID: Record<string, Record<string, string>> = {
  'Asia/Shanghai': { zh: '北京时间', en: 'Beijing time' },
};

export function zoneName(timeZone: string, locale: string): string {
  const language = locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const said = SAID[timeZone]?.[language];
  if (said) return said;
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date(0)).find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}
