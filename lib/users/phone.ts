import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Normalises a phone number as people type it in China — full-width digits, spaces, dashes,
 * brackets, a +86 or 0086 prefix — to E.164. Returns undefined when it is not a valid number.
 */
export function normalizePhone(raw: string, region: CountryCode = 'CN'): string | undefined {
  const halfWidth = raw
    .normalize('NFKC')
    .replace(/[\s\u00a0\-–—()（）.]/g, '')
    .replace(/^00(?=\d)/, '+');
  if (!halfWidth) return undefined;
  const parsed = parsePhoneNumberFromString(halfWidth, region);
  if (!parsed || !parsed.isValid()) return undefined;
  return parsed.number;
}

/** 138****1234: for anyone who does not need the full number (DOMAIN: information security). */
export function maskPhone(e164: string): string {
  const national = e164.startsWith('+86') ? e164.slice(3) : e164;
  if (national.length < 7) return '*'.repeat(national.length);
  return `${national.slice(0, 3)}****${national.slice(-4)}`;
}

/** How a stored E.164 number is shown to people allowed to see it in full. */
export function displayPhone(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164;
}
