import { env } from '@/lib/platform/config/env';
import { telephonyConfigFrom } from '@/lib/telephony/config';
import { BEHAVIOUR_TABLE, createTwilioEmulator } from '@/twilio-emulator';
import { runScript } from './support/run-script';

/**
 * The local Twilio emulator as a standalone HTTP server (`npx tsx scripts/twilio-emulator.ts`),
 * started with the web app and worker by the demo and the end-to-end tests when TELEPHONY=emulator.
 * Port: TWILIO_EMULATOR_PORT (default 3999). Credentials: TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN
 * (default: the emulator's demo account, which the app uses too). TWILIO_EMULATOR_TIME_SCALE
 * (default 1) speeds up or slows down every delay. What the dialled contact does: README → Telephony.
 */
runScript(async () => {
  const config = telephonyConfigFrom(env());
  const port = Number(process.env.TWILIO_EMULATOR_PORT ?? (new URL(config.emulatorUrl).port || 3999));
  const timeScale = Number(process.env.TWILIO_EMULATOR_TIME_SCALE ?? 1);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error('TWILIO_EMULATOR_PORT must be a port number (1–65535).');
    return 2;
  }
  if (!(timeScale > 0 && timeScale <= 100)) {
    console.error('TWILIO_EMULATOR_TIME_SCALE must be a number above 0 (1 = real time).');
    return 2;
  }
  const emulator = createTwilioEmulator({
    accountSid: config.accountSid,
    authToken: config.authToken,
    port,
    host: process.env.TWILIO_EMULATOR_HOST ?? '127.0.0.1',
    timeScale,
    log: (line, data) => console.log(JSON.stringify({ service: 'telephony', msg: line, ...data })),
  });
  const url = await emulator.start();
  console.log(`Twilio emulator listening on ${url} (account ${config.accountSid})`);
  for (const row of BEHAVIOUR_TABLE) console.log(`  number ending ${row.ending.padEnd(9)} ${row.description}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await emulator.stop();
});
