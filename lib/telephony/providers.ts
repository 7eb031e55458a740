import { telephonyConfig } from './config';
import type { TelephonyProvider } from './provider';
import { createTwilioProvider } from './twilio-provider';

const globalForTelephony = globalThis as unknown as { __huifangTelephony?: { key: string; provider: TelephonyProvider } };

/** The process's provider, chosen by TELEPHONY: real Twilio or the local emulator (same SDK). */
export function telephonyProvider(): TelephonyProvider {
  const config = telephonyConfig();
  const key = `${config.provider}|${config.accountSid}|${config.emulatorUrl}`;
  const cached = globalForTelephony.__huifangTelephony;
  if (cached?.key === key) return cached.provider;
  const provider = createTwilioProvider(config);
  globalForTelephony.__huifangTelephony = { key, provider };
  return provider;
}
