import { and, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { auditLog, callbackTasks, calls } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { DomainError, NotFoundError } from '@/lib/platform/core/errors';
import { logger } from '@/lib/platform/log';
import { rangeHeaderOf, startsAtBeginning, type ByteRange } from './byte-range';
import { telephonyConfig, type TelephonyConfig } from './config';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * Call recordings, played back to department staff (dispute review) through an authorised route —
 * never a provider URL in the browser. The media is fetched from the provider on each request
 * with the account's credentials (HTTP basic auth, Account SID : auth token), as Twilio serves
 * it: the recording's URL (RecordingUrl) with '.wav' for a WAV file (audio/x-wav) — WAV rather
 * than MP3 so the dual-channel recording is played as recorded — and streamed through.
 *
 * Customer data must not leak (DOMAIN: information security): only staff and admin listen, and
 * every listening is in the audit log ('recording.played': who, which call and visit).
 */
export const openRecordingInput = z.object({
  callId: idField('errors.notFound'),
  /** One byte range (an <audio> element asks for them); the whole recording when absent. */
  range: z.union([z.object({ start: z.number().int().min(0), end: z.number().int().min(0).nullable() }), z.object({ suffix: z.number().int().min(1) })]).nullish(),
});
export type OpenRecordingInput = z.input<typeof openRecordingInput>;

export interface RecordingMedia {
  /** 200, or 206 for a byte range. */
  status: 200 | 206;
  contentType: string;
  /** The audio as it arrives from the provider: read it to the end, or cancel it. */
  body: ReadableStream<Uint8Array>;
  /** Bytes in `body`, when the provider said. */
  size: number | null;
  /** For a 206: 'bytes start-end/total'. */
  contentRange: string | null;
  recordingSid: string;
  durationSeconds: number | null;
}

/** The provider could not be reached, timed out or failed: the recording cannot be played now. */
export class RecordingUnavailableError extends DomainError {
  readonly status = 503;
  constructor() {
    super('telephony.recordingUnavailable');
  }
}

/** The provider answered and refused (credentials, account): someone must look at the settings. */
export class RecordingRefusedError extends DomainError {
  readonly status = 502;
  constructor(providerStatus: number) {
    super('telephony.recordingRefused', { status: providerStatus });
  }
}

/** The byte range asked for lies outside the recording. */
export class RecordingRangeError extends DomainError {
  readonly status = 416;
  constructor(readonly contentRange: string | null) {
    super('telephony.recordingRange');
  }
}

export interface RecordingDeps {
  config?: TelephonyConfig;
  fetch?: typeof fetch;
}

/** How long the provider may take to start answering (the body then streams at its own pace). */
const HEADERS_TIMEOUT_MS = 15_000;
/** Range requests of one listening (seeks) within this window are one audit entry. */
const LISTENING_WINDOW_MS = 30 * 60_000;
const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;

export async function openRecording({ ctx, input }: { ctx: Ctx; input: OpenRecordingInput }, deps: RecordingDeps = {}): Promise<RecordingMedia> {
  assertRole(ctx.actor, 'staff', 'admin');
  // An id that cannot be a call's (a URL typed by hand) is simply not found.
  if (!openRecordingInput.shape.callId.safeParse(input.callId).success) throw new NotFoundError();
  const { callId, range } = parseInput(openRecordingInput, input);
  const [call] = await ctx.db
    .select({
      id: calls.id,
      taskId: calls.taskId,
      visitId: callbackTasks.visitId,
      recordingSid: calls.recordingSid,
      recordingUrl: calls.recordingUrl,
      recordingDurationSeconds: calls.recordingDurationSeconds,
    })
    .from(calls)
    .innerJoin(callbackTasks, eq(callbackTasks.id, calls.taskId))
    .where(eq(calls.id, callId));
  if (!call) throw new NotFoundError();
  if (!call.recordingSid || !RECORDING_SID.test(call.recordingSid)) throw new NotFoundError('telephony.noRecording');

  const config = deps.config ?? telephonyConfig();
  const url = mediaUrl(config, call.recordingSid, call.recordingUrl);
  const response = await fetchMedia(deps.fetch ?? fetch, url, config, range ?? null, callId);
  const body = response.body!;
  try {
    if (startsAtBeginning(range ?? null) || !(await listenedRecently(ctx, callId))) {
      await recordAudit(ctx.db, {
        actorId: ctx.actor.id,
        action: 'recording.played',
        entityType: 'call',
        entityId: callId,
        after: {
          recordingSid: call.recordingSid,
          taskId: call.taskId,
          visitId: call.visitId,
          ...(range ? { range: rangeHeaderOf(range) } : {}),
        },
      });
    }
  } catch (error) {
    // Nothing is played that is not in the audit log.
    await body.cancel().catch(() => undefined);
    throw error;
  }
  const length = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  const type = response.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
  return {
    status: response.status === 206 ? 206 : 200,
    contentType: type.startsWith('audio/') ? type : 'audio/x-wav',
    body,
    size: Number.isFinite(length) ? length : null,
    contentRange: response.status === 206 ? response.headers.get('content-range') : null,
    recordingSid: call.recordingSid,
    durationSeconds: call.recordingDurationSeconds,
  };
}

/**
 * The WAV media URL: the stored RecordingUrl when it is the provider's own (Twilio's API host, or
 * the emulator), else the recording's resource built from its SID — credentials are never sent
 * to any other host.
 */
export function mediaUrl(config: Pick<TelephonyConfig, 'provider' | 'accountSid' | 'emulatorUrl'>, recordingSid: string, recordingUrl: string | null): string {
  const base = config.provider === 'emulator' ? config.emulatorUrl.replace(/\/+$/, '') : 'https://api.twilio.com';
  const trusted = (candidate: URL) =>
    config.provider === 'emulator'
      ? candidate.origin === new URL(base).origin
      : candidate.protocol === 'https:' && (candidate.hostname === 'api.twilio.com' || /^api\.[a-z0-9.-]+\.twilio\.com$/.test(candidate.hostname));
  if (recordingUrl) {
    try {
      const stored = new URL(recordingUrl);
      if (trusted(stored) && stored.pathname.endsWith(`/Recordings/${recordingSid}`) && !stored.search) return `${stored.origin}${stored.pathname}.wav`;
    } catch {
      // not a URL: built from the SID below
    }
  }
  return `${base}/2010-04-01/Accounts/${config.accountSid}/Recordings/${recordingSid}.wav`;
}

async function fetchMedia(fetcher: typeof fetch, url: string, config: TelephonyConfig, range: ByteRange | null, callId: string): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timed out')), HEADERS_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetcher(url, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`,
        Accept: 'audio/*',
        ...(range ? { Range: rangeHeaderOf(range) } : {}),
      },
      // Twilio may answer with a redirect to its media storage; fetch drops the credentials there.
      redirect: 'follow',
      signal: controller.signal,
    });
  } catch (err) {
    logger.warn({ err, callId }, 'recording not fetched: provider unreachable');
    throw new RecordingUnavailableError();
  } finally {
    clearTimeout(timer);
  }
  if ((response.status === 200 || response.status === 206) && response.body) return response;
  await response.body?.cancel().catch(() => undefined);
  logger.warn({ callId, status: response.status }, 'recording not fetched: provider answered with an error');
  if (response.status === 404) throw new NotFoundError('telephony.recordingGone');
  if (response.status === 416) throw new RecordingRangeError(response.headers.get('content-range'));
  if (response.status >= 500 || response.status === 429) throw new RecordingUnavailableError();
  throw new RecordingRefusedError(response.status);
}

/** This actor's listening of this call began within the window (audit entries carry the database's clock). */
async function listenedRecently(ctx: Ctx, callId: string): Promise<boolean> {
  const [entry] = await ctx.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.actorId, ctx.actor.id),
        gt(auditLog.at, sql`now() - make_interval(secs => ${LISTENING_WINDOW_MS / 1000})`),
        eq(auditLog.entityType, 'call'),
        eq(auditLog.entityId, callId),
        eq(auditLog.action, 'recording.played'),
      ),
    )
    .limit(1);
  return entry !== undefined;
}
