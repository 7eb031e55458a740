import { createRequire } from 'node:module';
import path from 'node:path';
import type { AuthOptions } from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// next-auth's core handler, which its route handler wraps; not in the package's exports map.
interface RequestInternal {
  action: 'csrf' | 'callback' | 'session' | 'signout';
  origin?: string;
  method?: string;
  cookies?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Record<string, string>;
  providerId?: string;
}
interface ResponseInternal {
  body?: unknown;
  redirect?: string;
  cookies?: { name: string; value: string; options?: { maxAge?: number } }[];
}
const { AuthHandler } = createRequire(import.meta.url)(path.resolve('node_modules/next-auth/core/index.js')) as {
  AuthHandler: (params: { req: RequestInternal; options: AuthOptions }) => Promise<ResponseInternal>;
};

/**
 * next-auth's own request handling (what /api/auth/* runs) with the app's options, driven as a
 * browser would: a CSRF token first, then sign-in, session and sign-out with the cookies it set.
 * Cookies are kept per client, like one browser's jar.
 */
export class AuthClient {
  readonly jar: Record<string, string> = {};

  private async call(action: RequestInternal['action'], init: Omit<RequestInternal, 'action'> = {}) {
    const res = await AuthHandler({
      req: { origin: 'http://localhost:3000', method: 'GET', headers: { 'x-forwarded-for': '10.9.0.1' }, ...init, action, cookies: { ...this.jar } },
      options: authOptions(),
    });
    for (const c of res.cookies ?? []) {
      if (c.value === '' || c.options?.maxAge === 0) delete this.jar[c.name];
      else this.jar[c.name] = c.value;
    }
    return res;
  }

  private async csrfToken(): Promise<string> {
    const res = await this.call('csrf');
    return (res.body as { csrfToken: string }).csrfToken;
  }

  /** POST /api/auth/callback/credentials; true when a session cookie was set. */
  async signIn(username: string, password: string): Promise<{ ok: boolean; redirect?: string }> {
    const csrfToken = await this.csrfToken();
    const res = await this.call('callback', { method: 'POST', providerId: 'credentials', body: { csrfToken, username, password, json: 'true' } });
    return { ok: this.sessionToken() !== undefined && !res.redirect?.includes('error='), redirect: res.redirect };
  }

  /** GET /api/auth/session: the session object, or `{}` when there is none. */
  async session(): Promise<Record<string, unknown>> {
    const res = await this.call('session');
    return (res.body ?? {}) as Record<string, unknown>;
  }

  /** POST /api/auth/signout (退出). */
  async signOut(): Promise<void> {
    const csrfToken = await this.csrfToken();
    await this.call('signout', { method: 'POST', body: { csrfToken } });
  }

  sessionToken(): string | undefined {
    return this.jar['next-auth.session-token'];
  }
}
