/**
 * Where a sign-in may send the user afterwards: a path on this site, nothing else. `//host`,
 * `/\host` (browsers read a backslash as a slash), control characters the URL parser drops
 * (`/\t/host`) and absolute URLs would all leave the site, so they fall back to `fallback`.
 */
export function safeCallbackPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  const base = 'http://same-origin.invalid';
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}

/**
 * next-auth's redirect callback: its own URLs arrive absolute (`${baseUrl}/…`), a caller's
 * callbackUrl as given. Only this site's paths are followed; anything else goes home.
 */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let path: unknown = url;
  if (!url.startsWith('/')) {
    try {
      const absolute = new URL(url);
      path = absolute.origin === base.origin ? absolute.pathname + absolute.search + absolute.hash : undefined;
    } catch {
      path = undefined;
    }
  }
  return new URL(safeCallbackPath(path), base.origin).toString();
}
