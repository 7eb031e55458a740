import pino from 'pino';

/** Structured JSON logs for every process; LOG_LEVEL controls verbosity. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.HUIFANG_SERVICE ?? 'web' },
  redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash'], remove: true },
});
