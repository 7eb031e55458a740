import { NextResponse } from 'next/server';
import { appDb } from '@/lib/platform/db';
import { checkHealth } from '@/lib/platform/health/check';
import { sharedRedis } from '@/lib/platform/redis/connection';

export const dynamic = 'force-dynamic';

/** Public liveness/readiness probe: 200 when PostgreSQL and Redis answer, 503 otherwise. */
export async function GET() {
  const report = await checkHealth(appDb(), sharedRedis());
  return NextResponse.json(report, { status: report.status === 'ok' ? 200 : 503 });
}
