import 'server-only';
import { forbidden, notFound, redirect } from 'next/navigation';
import type { Ctx, Role } from '@/lib/core/context';
import { isDomainError } from '@/lib/core/errors';
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

/** Runs a verb for a page; scope and not-found errors become the 403/404 pages, never data. */
export async function pageLoad<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isDomainError(error)) {
      if (error.status === 404) notFound();
      if (error.status === 403) forbidden();
    }
    throw error;
  }
}
