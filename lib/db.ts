import { sharedDb } from '@/db/client';
import { env } from '@/lib/config/env';

/** The process-wide database handle for the web app, workers and CLI. */
export function appDb() {
  return sharedDb(env().DATABASE_URL).db;
}
