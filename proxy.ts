import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pathKind, securityHeaders } from '@/lib/platform/security/headers';

/**
 * Every request: the security headers of lib/platform/security/headers.ts on the response. A page's policy
 * goes on the request too, with its fresh nonce — Next.js reads the nonce from there and puts it on
 * the scripts it renders (so every page renders per request, which they all do: they read the
 * session). Kept to headers: sign-in and roles are checked by each page and route itself.
 */
export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  const headers = securityHeaders({
    path,
    nonce: newNonce(),
    https: (process.env.PUBLIC_BASE_URL ?? '').startsWith('https:'),
    development: process.env.NODE_ENV === 'development',
  });
  const requestHeaders = new Headers(request.headers);
  if (pathKind(path) === 'page') requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the build's static files (immutable, served as they are); everything else, API included —
  // except the upload and webhook routes: for a request the proxy sees, Next.js reads the whole
  // body off the socket first and hands the route only its first 10 MB, so those routes could
  // neither cut a chunked body at their own limit nor take a 200 MB import.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/imports$|api/disputes$|api/telephony/).*)'],
};
