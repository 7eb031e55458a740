import 'server-only';
import { forbidden, notFound, redirect } from 'next/navigation';
import type { Ctx, Role } from '@/lib/platform/core/context';
import { isDomainError } from '@/lib/platform/core/errors';
import { logger } from '@/lib/platform/log';
import { isInvalidInputForDatabase } from './invalid-input';
import { ctxFor, currentActor } from './session';

/**
 * Every page starts here: no session → sign-in page; wrong role → 403 page. Returns the context
 * the page passes to domain verbs (which check data scope themselves).
 */
export async function pageCtx(...roles: Role[]): Promise<Ctx> {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  if (roles.length > 0 && !roles.includes(actor.role)) forbidden();
  return ctxFor(actor);
}

/**
 * Runs a verb for a page; scope and not-found errors become the 403/404 pages, never data. A
 * page's input is its address, so input a verb refuses (?month=abc) or the database refuses as
 * data (an id that only looks like a uuid, a NUL byte, a number out of range) names nothing that
 * exists: the 404 page too, never a 500.
 */
export async function pageLoad<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isDomainError(error)) {
      if (error.status === 404) notFound();
      if (error.status === 403) forbidden();
      // A page reads its input from the address (a hand-edited ?month=abc): nothing there to show.
      if (error.status === 400) notFound();
    }
    if (isInvalidInputForDatabase(error)) {
      logger.warn({ err: error }, 'page input refused by the database');
      notFound();
    }
    throw error;
  }
}
