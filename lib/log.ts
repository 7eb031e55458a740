import pino, { type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/**
 * One logger for every process; LOG_LEVEL controls verbosity. LOG_FORMAT 'json' (production: one
 * JSON object a line, for a log collector) or 'pretty' (readable lines for a person at a terminal:
 * the demo and `npm run dev`). Default: pretty unless NODE_ENV is production.
 */
function destination(): DestinationStream | undefined {
  const format = process.env.LOG_FORMAT ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty');
  if (format !== 'pretty') return undefined;
  // Synchronous, in this thread: Next's server bundle has no worker-thread transports.
  return pretty({ sync: true, colorize: process.stdout.isTTY ?? false, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', messageFormat: '[{service}] {msg}', hideObject: false });
}

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: { service: process.env.HUIFANG_SERVICE ?? 'web' },
    redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash'], remove: true },
  },
  destination(),
);
