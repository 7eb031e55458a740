import type { Role } from '@/lib/platform/core/context';

declare module 'next-auth' {
  interface Session {
    user: { id: string; role: Role; unitId: string | null; username: string; name?: string | null; email?: string | null };
  }
}
