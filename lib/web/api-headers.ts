import { env } from '@/lib/platform/config/env';
import { bypassesProxy, securityHeaders } from '@/lib/platform/security/headers';

/**
 * The response with the security headers proxy.ts would have set, for a path the proxy does not
 * see (uploads and webhooks); otherwise as it is, the proxy sets them. An API answer has no nonce.
 */
export function withApiSecurityHeaders(response: Response, request: Request): Response {
  const path = new URL(request.url).pathname;
  if (!bypassesProxy(path)) return response;
  const https = env().PUBLIC_BASE_URL.startsWith('https:');
  // A Response.redirect() or a fetched response has headers that cannot change: answer a copy.
  const answer = new Response(response.body, response);
  for (const [name, value] of Object.entries(securityHeaders({ path, nonce: '', https, development: false }))) answer.headers.set(name, value);
  return answer;
}
