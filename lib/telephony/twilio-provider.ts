import twilio from 'twilio';
import type { TelephonyConfig } from './config';
import { ProviderRefusedError, ProviderUnavailableError, type PlaceCallRequest, type ProviderCall, type TelephonyProvider } from './provider';

type RequestOptions<T> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: T };

/**
 * The SDK's own HTTP client, with every request for Twilio's API hosts sent to the emulator
 * instead — the `httpClient` option is the SDK's documented seam for this, so the app runs the
 * very same calls.create / fetch / update code against the emulator as against Twilio.
 */
export class EmulatorRequestClient extends twilio.RequestClient {
  constructor(
    readonly target: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0] = {},
  ) {
    super(options);
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rewriteTwilioUri(opts.uri, this.target) });
  }
}

/** https://api.twilio.com/2010-04-01/… (or a regional api.*.twilio.com) → {target}/2010-04-01/… */
export function rewriteTwilioUri(uri: string, target: string): string {
  const url = new URL(uri);
  if (url.protocol !== 'https:' || !/(^|\.)twilio\.com$/.test(url.hostname)) return uri;
  return `${target.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}

const REQUEST_TIMEOUT_MS = 10_000;

export function createTwilioProvider(config: TelephonyConfig): TelephonyProvider {
  const httpClient =
    config.provider === 'emulator'
      ? new EmulatorRequestClient(config.emulatorUrl, { timeout: REQUEST_TIMEOUT_MS, keepAlive: true })
      : new twilio.RequestClient({ timeout: REQUEST_TIMEOUT_MS, keepAlive: true });
  const client = twilio(config.accountSid, config.authToken, { httpClient, autoRetry: false });
  // The SDK loads its API modules on first use; load the Calls resource now rather than between
  // a calls-per-second slot and the request it was reserved for.
  void client.calls;

  const view = (call: { sid: string; status: string; duration: string | null }): ProviderCall => ({
    sid: call.sid,
    status: call.status,
    durationSeconds: call.duration == null ? null : Number(call.duration),
  });

  return {
    name: config.provider,
    async placeCall(request: PlaceCallRequest) {
      try {
        const call = await client.calls.create({
          to: request.to,
          from: request.from,
          url: request.url,
          method: 'POST',
          statusCallback: request.statusCallback,
          statusCallbackMethod: 'POST',
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          timeout: request.timeoutSeconds,
          timeLimit: request.timeLimitSeconds,
        });
        return view(call);
      } catch (error) {
        throw asProviderError(error);
      }
    },
    async fetchCall(sid) {
      try {
        return view(await client.calls(sid).fetch());
      } catch (error) {
        throw asProviderError(error);
      }
    },
    async hangUp(sid) {
      try {
        const current = await client.calls(sid).fetch();
        if (['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(current.status)) return view(current);
        // Twilio cancels a call that has not been answered, and completes one in progress.
        const status = current.status === 'in-progress' ? 'completed' : 'canceled';
        try {
          return view(await client.calls(sid).update({ status }));
        } catch (error) {
          // Answered between the two requests: "canceled" no longer applies.
          if (status === 'canceled') return view(await client.calls(sid).update({ status: 'completed' }));
          throw error;
        }
      } catch (error) {
        throw asProviderError(error);
      }
    },
  };
}

/** Maps what the SDK throws (its RestException, or an axios network error) to the two cases the app handles. */
export function asProviderError(error: unknown): ProviderUnavailableError | ProviderRefusedError {
  if (error instanceof ProviderUnavailableError || error instanceof ProviderRefusedError) return error;
  if (error instanceof twilio.RestException) {
    const status = error.status;
    if (status >= 500 || status === 429) return new ProviderUnavailableError(`Twilio answered ${status}`, error.message ?? '');
    return new ProviderRefusedError(error.message ?? `Twilio answered ${status}`, error.code ?? null, status);
  }
  const e = error as { code?: string; message?: string };
  return new ProviderUnavailableError('Twilio could not be reached', e?.code ?? e?.message ?? String(error));
}
