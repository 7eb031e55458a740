/**
 * The security headers of every response, by path — pure, so the policy is read and tested in one
 * place (headers.test.ts); proxy.ts sets them on each request, with a fresh nonce for pages.
 *
 * - Pages: a strict CSP. Scripts run only with this response's nonce (Next.js puts it on its own
 *   scripts when it finds the policy on the request) or are loaded by such a script
 *   ('strict-dynamic'); no plugin, no foreign base URL, forms post here only, nothing frames us.
 *   Style attributes stay allowed (`style-src-attr`): React renders `style={…}` as attributes,
 *   and an attribute cannot run code; <style> elements need the nonce.
 * - The queue dashboard (its own HTML, under /api/admin/queues) is framed by our own
 *   /admin/queues page, has no nonce and inline styles: framing by this origin only.
 * - Everything else (JSON, event streams, files): nothing may run or frame it.
 */

/** Where the queue dashboard's HTML, scripts and API live (lib/queues-dashboard/board.ts). */
export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

export interface HeaderContext {
  path: string;
  /** A fresh random value for this response; pages only. */
  nonce: string;
  /** PUBLIC_BASE_URL is https: HSTS, and mixed content upgraded. */
  https: boolean;
  /** `next dev`: React's development build evaluates strings (refresh, error overlay). */
  development: boolean;
}

export type PathKind = 'page' | 'dashboard' | 'api';

export function pathKind(path: string): PathKind {
  if (path === QUEUE_DASHBOARD_PATH || path.startsWith(`${QUEUE_DASHBOARD_PATH}/`)) return 'dashboard';
  if (path === '/api' || path.startsWith('/api/')) return 'api';
  return 'page';
}

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => (values.length > 0 ? `${name} ${values.join(' ')}` : name))
    .join('; ');
}

export function contentSecurityPolicy(ctx: HeaderContext): string {
  const upgrade: Record<string, string[]> = ctx.https ? { 'upgrade-insecure-requests': [] } : {};
  switch (pathKind(ctx.path)) {
    case 'page':
      return policy({
        'default-src': ["'self'"],
        'script-src': ["'self'", `'nonce-${ctx.nonce}'`, "'strict-dynamic'", ...(ctx.development ? ["'unsafe-eval'"] : [])],
        'style-src': ["'self'", `'nonce-${ctx.nonce}'`, ...(ctx.development ? ["'unsafe-inline'"] : [])],
        'style-src-elem': ["'self'", `'nonce-${ctx.nonce}'`, ...(ctx.development ? ["'unsafe-inline'"] : [])],
        'style-src-attr': ["'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'"],
        // The live updates and call status are EventSources here; nothing is fetched elsewhere.
        'connect-src': ["'self'"],
        // Dispute attachments and recordings play from here; the queue dashboard is framed from here.
        'media-src': ["'self'"],
        'frame-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...upgrade,
      });
    case 'dashboard':
      return policy({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'"],
        ...upgrade,
      });
    case 'api':
      return policy({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], ...upgrade });
  }
}

/** Every header a response to this path carries. */
export function securityHeaders(ctx: HeaderContext): Record<string, string> {
  const kind = pathKind(ctx.path);
  return {
    'Content-Security-Policy': contentSecurityPolicy(ctx),
    // For browsers without frame-ancestors; the dashboard is framed by our own page only.
    'X-Frame-Options': kind === 'dashboard' ? 'SAMEORIGIN' : 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // Other sites learn our origin at most, never a path with ids or search words in it.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // Nothing here uses the camera, microphone (calls are placed by the provider), location or payments.
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(ctx.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * The paths proxy.ts's matcher leaves out (see its comment: the proxy would buffer their bodies);
 * their handlers set the API headers themselves (lib/web/api-headers.ts). headers.test.ts checks
 * this agrees with the matcher.
 */
export function bypassesProxy(path: string): boolean {
  return path === '/api/imports' || path === '/api/disputes' || path.startsWith('/api/telephony/');
}

/** 128 random bits, base64: a nonce a page's scripts carry. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
