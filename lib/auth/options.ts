import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import type { Role } from '@/lib/platform/core/context';
import { RateLimitedError } from '@/lib/platform/core/errors';
import { appDb } from '@/lib/platform/db';
import { logger } from '@/lib/platform/log';
import { safeRedirectUrl } from '@/lib/platform/http/callback-path';
import { requestClientAddress } from '@/lib/platform/http/client-address';
import { readSessionClaims, SESSION_LIFETIME_SECONDS } from './session-claims';
import { checkSession, newSessionClaims, secureCookies, sessionSecret, signOutSession } from './sessions';
import { signInThrottle, signInWithPassword, type SignedIn } from './sign-in';

const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

/** Thrown from the jwt callback: next-auth then clears the cookie and /api/auth/session answers `{}`. */
class SessionEndedError extends Error {
  constructor() {
    super('session ended');
    this.name = 'SessionEndedError';
  }
}

export function authOptions(): NextAuthOptions {
  return {
    secret: sessionSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_LIFETIME_SECONDS },
    useSecureCookies: secureCookies(),
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'credentials',
        credentials: { username: { type: 'text' }, password: { type: 'password' } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          try {
            const actor = await signInWithPassword(appDb(), signInThrottle(), { ...parsed.data, ip: requestClientAddress(req?.headers) });
            return actor
              ? { id: actor.id, name: actor.displayName, role: actor.role, unitId: actor.unitId, username: actor.username, sessionVersion: actor.sessionVersion }
              : null;
          } catch (error) {
            // next-auth passes the message through as ?error=…; the sign-in page translates it (with the wait).
            if (error instanceof RateLimitedError) throw new Error(`throttled:${error.params?.seconds ?? ''}`);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      // Only this site's paths after sign-in or sign-out: next-auth's default follows `//host`.
      async redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
      async jwt({ token, user }) {
        if (user) {
          const u = user as unknown as SignedIn;
          return { ...token, ...newSessionClaims(u, new Date()), role: u.role, unitId: u.unitId, username: u.username };
        }
        // Every later use of the token (GET /api/auth/session) checks the session against the
        // user's row, as the page and route guards do: an ended session gets no answer.
        const claims = readSessionClaims(token);
        const actor = claims && (await checkSession(appDb(), claims, new Date())).actor;
        if (!actor) throw new SessionEndedError();
        return { ...token, name: actor.displayName, role: actor.role, unitId: actor.unitId, username: actor.username };
      },
      async session({ session, token }) {
        session.user = {
          ...session.user,
          id: token.uid as string,
          role: token.role as Role,
          unitId: (token.unitId as string | null) ?? null,
          username: token.username as string,
        };
        return session;
      },
    },
    events: {
      // 退出 ends every session of the user, on every device, not only this browser's cookie.
      async signOut({ token }) {
        await signOutSession(appDb(), token, new Date());
      },
    },
    logger: {
      error(code, metadata) {
        // An ended session asking /api/auth/session is expected, not a fault.
        if (code === 'JWT_SESSION_ERROR' && (metadata as Error | undefined)?.name === 'SessionEndedError') return;
        logger.error({ code, err: metadata }, 'next-auth error');
      },
      warn(code) {
        logger.warn({ code }, 'next-auth warning');
      },
      debug() {},
    },
  };
}
