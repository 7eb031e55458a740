'use server';

import { z } from 'zod';
import { ROLES } from '@/lib/platform/core/context';
import { markNotificationsRead, markNotificationsReadInput, unreadNotificationCount } from '@/lib/notifications/queries';
import { defineAction } from '@/lib/web/safe-action';

/** Every role has notifications; the verbs touch only the signed-in user's own. */
const EVERYONE = [...ROLES];

export const markNotificationsReadAction = defineAction({ schema: markNotificationsReadInput, roles: EVERYONE }, (ctx, input) => markNotificationsRead({ ctx, input }));

export const unreadNotificationCountAction = defineAction({ schema: z.object({}), roles: EVERYONE }, (ctx) => unreadNotificationCount({ ctx }));
