import { env } from '@/lib/platform/config/env';
import { normalizeAddress, splitList, trustedProxies, type TrustedProxies } from '@/lib/platform/config/proxy-list';

/**
 * The address a request came from, for the sign-in limit and the audit log. X-Forwarded-For is
 * anyone's to write, so it counts only when the socket peer is one of TRUSTED_PROXIES (default:
 * none): then the chain is read from the right, skipping our own proxies, and the first address
 * that is not one of them is the client. Otherwise the socket address is the answer.
 *
 * `next start` keeps a client's X-Forwarded-For and hides the socket, so the production server
 * (scripts/web-server.ts) writes the socket address into PEER_ADDRESS_HEADER on every request,
 * replacing whatever the client sent, and marks the process so the header is believed.
 */
export const PEER_ADDRESS_HEADER = 'x-huifang-peer-address';

const PEER_MARK = Symbol.for('huifang.peerAddressHeader');

/** Called by the web server before Next.js handles any request. */
export function markPeerAddressHeaderTrusted(): void {
  (globalThis as Record<symbol, unknown>)[PEER_MARK] = true;
}

function peerAddressHeaderTrusted(): boolean {
  return (globalThis as Record<symbol, unknown>)[PEER_MARK] === true;
}

/**
 * The client's address: the peer unless the peer is a trusted proxy, then the X-Forwarded-For
 * chain from the right. A malformed entry stops the walk at the proxy that passed it on.
 */
export function clientAddress(input: { peer: string | undefined; forwardedFor: string | undefined; trusted: TrustedProxies }): string {
  const peer = input.peer ? normalizeAddress(input.peer) : null;
  if (!peer) return 'unknown';
  let current = peer;
  const chain = splitList(input.forwardedFor ?? '');
  while (input.trusted(current) && chain.length > 0) {
    const next = normalizeAddress(chain.pop()!);
    if (!next) break;
    current = next;
  }
  return current;
}

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The client address of a request as Next.js hands it over. Behind scripts/web-server.ts the peer
 * is the socket's; under a bare `next dev`/`next start` it is the last X-Forwarded-For entry
 * (Next's own socket address unless the client sent the header — development only).
 */
export function requestClientAddress(headers: HeaderBag, trustedProxiesSetting: string = env().TRUSTED_PROXIES): string {
  const forwarded = splitList(header(headers, 'x-forwarded-for') ?? '');
  const trusted = cachedTrustedProxies(trustedProxiesSetting);
  if (peerAddressHeaderTrusted()) return clientAddress({ peer: header(headers, PEER_ADDRESS_HEADER), forwardedFor: forwarded.join(','), trusted });
  const peer = forwarded.pop();
  return clientAddress({ peer, forwardedFor: forwarded.join(','), trusted });
}

let cached: { setting: string; trusted: TrustedProxies } | undefined;
function cachedTrustedProxies(setting: string): TrustedProxies {
  if (cached?.setting !== setting) cached = { setting, trusted: trustedProxies(setting) };
  return cached.trusted;
}
