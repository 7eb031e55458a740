import { BlockList, isIP } from 'node:net';

/** TRUSTED_PROXIES, parsed: which socket peers' X-Forwarded-For is believed (lib/platform/http/client-address.ts). */

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
export function normalizeAddress(value: string): string | null {
  let address = value.trim();
  if (address.startsWith('[') && address.includes(']')) address = address.slice(1, address.indexOf(']'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1]!;
  return isIP(address) ? address.toLowerCase() : null;
}

/** One entry of TRUSTED_PROXIES: an address or a CIDR range; null when it is neither. */
function parseProxyEntry(entry: string): { address: string; prefix?: number } | null {
  const [rawAddress, rawPrefix, extra] = entry.trim().split('/');
  if (extra !== undefined || !rawAddress) return null;
  const address = normalizeAddress(rawAddress);
  if (!address) return null;
  if (rawPrefix === undefined) return { address };
  if (!/^\d{1,3}$/.test(rawPrefix)) return null;
  const prefix = Number(rawPrefix);
  return prefix <= (isIP(address) === 4 ? 32 : 128) ? { address, prefix } : null;
}

/** The entries of a TRUSTED_PROXIES value that are not an address or a range (empty: valid). */
export function invalidProxyEntries(value: string): string[] {
  return splitList(value).filter((entry) => parseProxyEntry(entry) === null);
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export type TrustedProxies = (address: string) => boolean;

export function trustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const entry of splitList(value ?? '')) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) continue;
    const family = isIP(parsed.address) === 4 ? 'ipv4' : 'ipv6';
    if (parsed.prefix === undefined) list.addAddress(parsed.address, family);
    else list.addSubnet(parsed.address, parsed.prefix, family);
  }
  return (address) => {
    const normalized = normalizeAddress(address);
    return normalized !== null && list.check(normalized, isIP(normalized) === 4 ? 'ipv4' : 'ipv6');
  };
}
