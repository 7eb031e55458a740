import pino, { type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/**
 * Phone numbers never reach a log in full: a mobile (13812345678), an E.164 number (+8613812345678)
 * or a URL-encoded one (%2B8613812345678) anywhere in a line — message, error, a logged form
 * payload — has the four digits before its last four masked, as the pages show them (138****5678).
 * Longer digit runs (timestamps, ids) are left alone.
 */
const PHONE = /(?<![\d*])(?:(\+|%2B)(\d{7,15})|(1[3-9]\d{9}))(?![\d*])/gi;

export function redactPhoneNumbers(line: string): string {
  return line.replace(PHONE, (_match, plus: string | undefined, international: string | undefined, mobile: string | undefined) => {
    const digits = international ?? mobile!;
    const keepEnd = 4;
    const masked = Math.min(4, digits.length - keepEnd);
    const head = digits.slice(0, digits.length - keepEnd - masked);
    return `${plus ?? ''}${head}${'*'.repeat(masked)}${digits.slice(-keepEnd)}`;
  });
}

/** Every line through redactPhoneNumbers on its way to the real destination. */
export function redactingStream(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(redactPhoneNumbers(line)) };
}

/**
 * One logger for every process; LOG_LEVEL controls verbosity. LOG_FORMAT 'json' (production: one
 * JSON object a line, for a log collector) or 'pretty' (readable lines for a person at a terminal:
 * the demo and `npm run dev`). Default: pretty unless NODE_ENV is production.
 */
function destination(): DestinationStream {
  const format = process.env.LOG_FORMAT ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty');
  if (format !== 'pretty') return pino.destination({ dest: 1, sync: true });
  // Synchronous, in this thread: Next's server bundle has no worker-thread transports.
  return pretty({ sync: true, colorize: process.stdout.isTTY ?? false, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', messageFormat: '[{service}] {msg}', hideObject: false });
}

export const LOG_OPTIONS: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.HUIFANG_SERVICE ?? 'web' },
  redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash'], remove: true },
};

export const logger = pino(LOG_OPTIONS, redactingStream(destination()));
