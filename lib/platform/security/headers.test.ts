import { describe, expect, it } from 'vitest';
import { config as proxyConfig } from '@/proxy';
import { bypassesProxy, contentSecurityPolicy, pathKind, securityHeaders } from './headers';

const base = { nonce: 'bm9uY2U=', https: false, development: false };
const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('pathKind', () => {
  it.each([
    ['/', 'page'],
    ['/customers', 'page'],
    ['/login', 'page'],
    ['/admin/queues', 'page'], // the page that frames the dashboard
    ['/api/me', 'api'],
    ['/api/live/stream', 'api'],
    ['/api/telephony/voice', 'api'],
    ['/api/admin/queues', 'dashboard'],
    ['/api/admin/queues/static/js/main.js', 'dashboard'],
    ['/api/admin/queuesX', 'api'],
    ['/apix', 'page'],
  ] as const)('%s → %s', (path, kind) => {
    expect(pathKind(path)).toBe(kind);
  });
});

describe('pages', () => {
  const csp = directives(contentSecurityPolicy({ ...base, path: '/customers' }));

  it('run only scripts carrying this response’s nonce, or loaded by one; never inline or eval', () => {
    expect(csp['script-src']).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    expect(csp['script-src']).not.toContain("'unsafe-eval'");
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'self'"]);
    expect(csp['form-action']).toEqual(["'self'"]);
  });

  it('are framed by nobody', () => {
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(securityHeaders({ ...base, path: '/customers' })['X-Frame-Options']).toBe('DENY');
  });

  it('allow style attributes (React style={…}) but not foreign or un-nonced <style> elements', () => {
    expect(csp['style-src-attr']).toEqual(["'unsafe-inline'"]);
    expect(csp['style-src-elem']).toEqual(["'self'", "'nonce-bm9uY2U='"]);
  });

  it('in next dev allow eval for React’s development build only', () => {
    const dev = directives(contentSecurityPolicy({ ...base, development: true, path: '/' }));
    expect(dev['script-src']).toContain("'unsafe-eval'");
  });
});

describe('API responses', () => {
  it('may run nothing and be framed by nobody', () => {
    expect(contentSecurityPolicy({ ...base, path: '/api/me' })).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(securityHeaders({ ...base, path: '/api/me' })['X-Frame-Options']).toBe('DENY');
  });
});

describe('the queue dashboard', () => {
  it('is framed by this origin only (our /admin/queues page), and runs only its own files', () => {
    const headers = securityHeaders({ ...base, path: '/api/admin/queues/' });
    const csp = directives(headers['Content-Security-Policy']!);
    expect(csp['frame-ancestors']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(headers['X-Frame-Options']).toBe('SAMEORIGIN');
  });
});

describe('every response', () => {
  it.each(['/', '/api/me', '/api/admin/queues'])('%s: nosniff, a referrer policy, a permissions policy; no HSTS over http', (path) => {
    const headers = securityHeaders({ ...base, path });
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['Permissions-Policy']).toContain('camera=()');
    expect(headers['Permissions-Policy']).toContain('microphone=()');
    expect(headers['Strict-Transport-Security']).toBeUndefined();
  });

  it('over https: HSTS, and mixed content upgraded', () => {
    const headers = securityHeaders({ ...base, https: true, path: '/' });
    expect(headers['Strict-Transport-Security']).toMatch(/^max-age=\d{8}/);
    expect(headers['Content-Security-Policy']).toContain('upgrade-insecure-requests');
  });
});

describe('paths the proxy does not see', () => {
  // Next.js matches a matcher entry as the whole path.
  const proxied = (path: string) => proxyConfig.matcher.some((m) => new RegExp(`^${m}$`).test(path));

  it.each([
    '/api/imports',
    '/api/disputes',
    '/api/telephony/twilio/status',
    '/api/telephony/twilio/voice/announce',
    '/api/imports/0b6c6c9e-3f55-4c57-9d1b-7f1f8f3f0a11',
    '/api/imports/template/customers',
    '/api/disputes/attachments/1',
    '/api/me',
    '/visits',
    '/login',
  ])('%s: handled by its route exactly when the proxy skips it', (path) => {
    expect(bypassesProxy(path)).toBe(!proxied(path));
  });
});
