import { env, type Env } from '@/lib/platform/config/env';

/**
 * The emulator's demo account. Not a secret: the emulator is a local stand-in for Twilio and
 * these values only ever unlock it. With TELEPHONY=twilio the real values are required (env.ts).
 */
export const EMULATOR_ACCOUNT = {
  accountSid: 'AC6c0d0b14a598b3d0fb19a4bb36cc97ce',
  authToken: 'huifang-emulator-auth-token-demo',
  callerId: '+862160000000',
} as const;

export interface TelephonyConfig {
  provider: 'emulator' | 'twilio';
  accountSid: string;
  authToken: string;
  /** The department's caller number shown to contacts (E.164). */
  callerId: string;
  /** Where the app is reached from outside; every webhook URL is built (and verified) on it. */
  publicBaseUrl: string;
  emulatorUrl: string;
  recording: boolean;
  /** Read to the contact before the agent is connected, when recording; null for none. */
  announcement: string | null;
}

export function telephonyConfigFrom(e: Env): TelephonyConfig {
  const emulator = e.TELEPHONY === 'emulator';
  const pick = (value: string | undefined, demo: string, name: string) => {
    if (value) return value;
    if (emulator) return demo;
    // env.ts refuses this combination at start-up; this guards direct callers of parseEnv.
    throw new Error(`${name} is required when TELEPHONY=twilio`);
  };
  const announcement = e.CALL_RECORDING_ANNOUNCEMENT.trim();
  return {
    provider: e.TELEPHONY,
    accountSid: pick(e.TWILIO_ACCOUNT_SID, EMULATOR_ACCOUNT.accountSid, 'TWILIO_ACCOUNT_SID'),
    authToken: pick(e.TWILIO_AUTH_TOKEN, EMULATOR_ACCOUNT.authToken, 'TWILIO_AUTH_TOKEN'),
    callerId: pick(e.TWILIO_CALLER_ID, EMULATOR_ACCOUNT.callerId, 'TWILIO_CALLER_ID'),
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    emulatorUrl: e.TWILIO_EMULATOR_URL.replace(/\/+$/, ''),
    recording: e.CALL_RECORDING === 'on',
    announcement: announcement && announcement.toLowerCase() !== 'off' ? announcement : null,
  };
}

export function telephonyConfig(): TelephonyConfig {
  return telephonyConfigFrom(env());
}

/** Webhook paths (below PUBLIC_BASE_URL); the route handlers live at the same paths under app/. */
export const WEBHOOK_PATHS = {
  voice: '/api/telephony/twilio/voice',
  announce: '/api/telephony/twilio/voice/announce',
  status: '/api/telephony/twilio/status',
  dialStatus: '/api/telephony/twilio/dial-status',
  amd: '/api/telephony/twilio/amd',
  recording: '/api/telephony/twilio/recording',
} as const;
export type WebhookKind = keyof typeof WEBHOOK_PATHS;

/** The absolute URL Twilio is given for a webhook of one call — the exact string it signs. */
export function webhookUrl(config: Pick<TelephonyConfig, 'publicBaseUrl'>, kind: WebhookKind, callId: string): string {
  return `${config.publicBaseUrl}${WEBHOOK_PATHS[kind]}?callId=${encodeURIComponent(callId)}`;
}
