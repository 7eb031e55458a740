import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { env } from '@/lib/config/env';
import type { Role } from '@/lib/core/context';
import { RateLimitedError } from '@/lib/core/errors';
import { appDb } from '@/lib/db';
import { sharedRedis } from '@/lib/redis/connection';
import { safeRedirectUrl } from '@/lib/web/callback-path';
import { requestClientAddress } from '@/lib/web/client-address';
import { createSignInThrottle, signInWithPassword, type SignInThrottle } from './sign-in';

const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

let throttle: SignInThrottle | undefined;

export function authOptions(): NextAuthOptions {
  const config = env();
  return {
    secret: config.NEXTAUTH_SECRET ?? 'huifang-development-secret-not-for-production',
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'credentials',
        credentials: { username: { type: 'text' }, password: { type: 'password' } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          throttle ??= createSignInThrottle(sharedRedis());
          try {
            const actor = await signInWithPassword(appDb(), throttle, { ...parsed.data, ip: requestClientAddress(req?.headers) });
            return actor ? { id: actor.id, name: actor.displayName, role: actor.role, unitId: actor.unitId, username: actor.username } : null;
          } catch (error) {
            // next-auth passes the message through as ?error=…; the sign-in page translates it.
            if (error instanceof RateLimitedError) throw new Error('throttled');
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
          const u = user as unknown as { id: string; role: Role; unitId: string | null; username: string };
          token.uid = u.id;
          token.role = u.role;
          token.unitId = u.unitId;
          token.username = u.username;
        }
        return token;
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
  };
}
