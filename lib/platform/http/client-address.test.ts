import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress, markPeerAddressHeaderTrusted, PEER_ADDRESS_HEADER, requestClientAddress } from './client-address';
import { invalidProxyEntries, trustedProxies } from '@/lib/platform/config/proxy-list';

describe('clientAddress: X-Forwarded-For counts only from a trusted proxy', () => {
  const none = trustedProxies('');
  const proxy = trustedProxies('10.0.0.5, 192.168.1.0/24, fd00::/8');
  it.each([
    // no trusted proxies (the default): the socket address, whatever the header says
    ['direct client', '203.0.113.7', undefined, none, '203.0.113.7'],
    ['forged header ignored', '203.0.113.7', '127.0.0.1', none, '203.0.113.7'],
    ['rotating header ignored', '203.0.113.7', '198.51.100.1, 198.51.100.2', none, '203.0.113.7'],
    ['dual-stack socket', '::ffff:203.0.113.7', '1.2.3.4', none, '203.0.113.7'],
    ['IPv6 client', '2001:db8::1', undefined, none, '2001:db8::1'],
    ['no socket address', undefined, '1.2.3.4', none, 'unknown'],
    // behind a configured proxy: the right-most address that is not ours
    ['through the proxy', '10.0.0.5', '203.0.113.7', proxy, '203.0.113.7'],
    ['client-sent entries left of the proxy ignored', '10.0.0.5', '127.0.0.1, 203.0.113.7', proxy, '203.0.113.7'],
    ['two proxies in a row', '10.0.0.5', '203.0.113.7, 192.168.1.20', proxy, '203.0.113.7'],
    ['IPv6 proxy range', 'fd00::1', '203.0.113.9', proxy, '203.0.113.9'],
    ['mapped proxy address', '::ffff:10.0.0.5', '203.0.113.7', proxy, '203.0.113.7'],
    ['proxy sent no header', '10.0.0.5', undefined, proxy, '10.0.0.5'],
    ['malformed entry stops at the proxy', '10.0.0.5', 'evil, not-an-ip', proxy, '10.0.0.5'],
    ['untrusted peer with a proxy configured', '203.0.113.50', '198.51.100.1', proxy, '203.0.113.50'],
    ['only proxies in the chain', '10.0.0.5', '192.168.1.3', proxy, '192.168.1.3'],
  ])('%s', (_name, peer, forwardedFor, trusted, expected) => {
    expect(clientAddress({ peer, forwardedFor, trusted })).toBe(expected);
  });
});

describe('TRUSTED_PROXIES: addresses and ranges, anything else refused at start-up', () => {
  it.each([
    ['', []],
    ['10.0.0.5', []],
    ['10.0.0.0/8, 127.0.0.1, ::1, fd00::/8', []],
    ['10.0.0.0/33', ['10.0.0.0/33']],
    ['proxy.internal', ['proxy.internal']],
    ['10.0.0.1/8/2, 10.0.0.256', ['10.0.0.1/8/2', '10.0.0.256']],
    ['*', ['*']],
  ])('%j → invalid %j', (value, invalid) => {
    expect(invalidProxyEntries(value)).toEqual(invalid);
  });
});

describe('requestClientAddress: what Next.js hands the app', () => {
  const key = Symbol.for('huifang.peerAddressHeader');
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[key];
  });

  it('behind the web server, the socket address it wrote, not the forwarded header', () => {
    markPeerAddressHeaderTrusted();
    const headers = new Headers({ 'x-forwarded-for': '127.0.0.1', [PEER_ADDRESS_HEADER]: '203.0.113.7' });
    expect(requestClientAddress(headers, '')).toBe('203.0.113.7');
    expect(requestClientAddress({ 'x-forwarded-for': '198.51.100.1', [PEER_ADDRESS_HEADER]: '10.0.0.5' }, '10.0.0.5')).toBe('198.51.100.1');
  });

  it('without the web server, the peer header is anyone\'s and is not read', () => {
    expect(requestClientAddress({ 'x-forwarded-for': '203.0.113.7', [PEER_ADDRESS_HEADER]: '127.0.0.1' }, '')).toBe('203.0.113.7');
  });
});
