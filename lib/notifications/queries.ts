import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { notifications } from '@/db/schema';
import type { Ctx } from '@/lib/platform/core/context';
import type { NotificationKind } from './store';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * Reading in-app notifications and marking them read. Every role has notifications, and every
 * verb here reads or changes only the actor's own: another user's notification is never listed,
 * counted or marked, whatever ids are sent.
 */

export const NOTIFICATIONS_PAGE_SIZE = 20;

export interface NotificationView {
  id: number;
  kind: NotificationKind | string;
  params: Record<string, string | number>;
  /** Where the notification leads in the app (a path), or null. */
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export const listNotificationsInput = z.object({
  page: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int('errors.invalidValue').min(1, 'errors.invalidValue').max(100_000, 'errors.invalidValue').optional()),
  unreadOnly: z.preprocess((v) => (v === 'yes' || v === 'true' || v === '1' ? true : v === '' || v === 'no' || v === 'false' || v === '0' ? false : v), z.boolean('errors.invalidValue').optional()),
});
export type ListNotificationsInput = z.input<typeof listNotificationsInput>;

export const markNotificationsReadInput = z
  .object({
    ids: z.array(z.number('errors.invalidValue').int('errors.invalidValue').positive('errors.invalidValue')).max(500, 'errors.notifications.tooMany').optional(),
    all: z.boolean('errors.invalidValue').optional(),
  })
  .refine((v) => v.all === true || (v.ids?.length ?? 0) > 0, { path: ['ids'], message: 'errors.notifications.nothingToMark' });
export type MarkNotificationsReadInput = z.input<typeof markNotificationsReadInput>;

/** A link is shown only when it is a path inside the app (never another site). */
export function safeLink(link: string | null): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : null;
}

/** The actor's notifications, newest first, a page at a time; with the unread count. */
export async function listMyNotifications({ ctx, input = {} }: { ctx: Ctx; input?: ListNotificationsInput }) {
  const f = parseInput(listNotificationsInput, input);
  const page = f.page ?? 1;
  const mine = eq(notifications.userId, ctx.actor.id);
  const where = f.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine;
  const [found, [{ total }], unread] = await Promise.all([
    ctx.db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        params: notifications.params,
        link: notifications.link,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(NOTIFICATIONS_PAGE_SIZE)
      .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE),
    ctx.db.select({ total: count() }).from(notifications).where(where),
    unreadNotificationCount({ ctx }),
  ]);
  return {
    rows: found.map((n) => ({ ...n, link: safeLink(n.link) })) as NotificationView[],
    total,
    unread,
    page,
    pageSize: NOTIFICATIONS_PAGE_SIZE,
    unreadOnly: f.unreadOnly ?? false,
  };
}

/** How many of the actor's notifications are unread (the bell's number). */
export async function unreadNotificationCount({ ctx }: { ctx: Ctx }): Promise<number> {
  const [{ unread }] = await ctx.db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt)));
  return unread;
}

/**
 * Marks some (ids) or all of the actor's unread notifications read. Ids that are not the actor's
 * or already read are left alone; returns how many were marked and the unread count after.
 */
export async function markNotificationsRead({ ctx, input }: { ctx: Ctx; input: MarkNotificationsReadInput }) {
  const f = parseInput(markNotificationsReadInput, input);
  const conditions = [eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt)];
  if (!f.all) conditions.push(inArray(notifications.id, f.ids ?? []));
  const marked = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(and(...conditions))
    .returning({ id: notifications.id });
  return { marked: marked.length, unread: await unreadNotificationCount({ ctx }) };
}
