import { z } from 'zod';
import { invalidProxyEntries } from '@/lib/platform/config/proxy-list';
import { hashTagOf, invalidClusterNodes } from '@/lib/platform/config/redis-cluster';

/**
 * Process configuration, validated once on first use. Every process (web, worker, CLI, tests)
 * reads configuration only through `env()` so a bad value fails early with a readable message.
 */
const isValidTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const NICE_RANGE = 'must be a whole number from 0 to 19 (the nice value of the worker processes)';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .default('postgres://postgres@127.0.0.1:5432/huifang'),
    /**
     * Optional: a streaming read replica of DATABASE_URL for the reads that tolerate its lag —
     * dashboards, reports and exports (`reportsDb()` in lib/platform/db.ts). Unset: they read the primary.
     */
    DATABASE_REPLICA_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (a read replica of DATABASE_URL; leave it unset to read everything from DATABASE_URL)')
      .optional(),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
    /**
     * Optional: the seed nodes of a Redis Cluster (host:port, comma-separated). Set, every
     * connection is a Cluster client (lib/platform/redis/connection.ts); REDIS_URL then gives only
     * the user, password and TLS (rediss://) of the nodes, its host is not used.
     */
    REDIS_CLUSTER_NODES: z
      .string()
      .refine((value) => invalidClusterNodes(value).length === 0, {
        error: (issue) =>
          `must be the cluster's nodes as host:port, comma-separated, such as 10.0.0.5:6379,10.0.0.6:6379 (not: ${invalidClusterNodes(String(issue.input)).join(', ')})`,
      })
      .optional(),
    NEXTAUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    PUBLIC_BASE_URL: z.url('must be a URL such as https://huifang.example.com').default('http://localhost:3000'),
    APP_TIMEZONE: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
    TELEPHONY: z.enum(['emulator', 'twilio']).default('emulator'),
    // Telephony (lib/telephony). With TELEPHONY=emulator the Twilio settings default to the local
    // emulator's demo account; with TELEPHONY=twilio they are required (checked below).
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an Account SID: AC followed by 32 hex digits (Twilio console → Account info)').optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the account\'s auth token (Twilio console → Account info)').max(128, 'is too long for an auth token').optional(),
    TWILIO_CALLER_ID: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +862160000000 (a Twilio number or a verified caller ID)')
      .optional(),
    TWILIO_EMULATOR_URL: z.url('must be a URL such as http://127.0.0.1:3999').default('http://127.0.0.1:3999'),
    CALL_RECORDING: z.enum(['off', 'on']).default('off'),
    /** Played to the contact before the agent is connected when recording is on; 'off' plays nothing. */
    CALL_RECORDING_ANNOUNCEMENT: z
      .string()
      .max(300, 'must be at most 300 characters (it is read out to the customer)')
      .refine((text) => !/[<>]/.test(text), 'must be plain text (no < or >)')
      .default('您好，为保证服务质量，本次通话将被录音。'),
    UPLOAD_DIR: z.string().default('var/uploads'),
    /**
     * The worker processes' CPU priority (nice, 0–19). On a machine shared with the web process the
     * desk's requests come first and the re-evaluations after a callback trail by a moment; on a
     * machine of its own it changes nothing. 0 leaves the worker at the web process's priority.
     */
    WORKER_NICE: z.coerce.number({ error: NICE_RANGE }).int(NICE_RANGE).min(0, NICE_RANGE).max(19, NICE_RANGE).default(10),
    QUEUE_PREFIX: z.string().default('{huifang}'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Read by lib/platform/log.ts before this validation can run; listed so a typo is refused at start-up. */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    HUIFANG_ALLOW_INSECURE_SECRET: z.enum(['0', '1']).default('0'),
    /**
     * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated);
     * default none: the socket address is the client's (lib/platform/http/client-address.ts).
     */
    TRUSTED_PROXIES: z
      .string()
      .refine((value) => invalidProxyEntries(value).length === 0, {
        error: (issue) => `must be IP addresses or CIDR ranges such as 10.0.0.5,192.168.0.0/24 (not: ${invalidProxyEntries(String(issue.input)).join(', ')})`,
      })
      .default(''),
  })
  .superRefine((value, ctx) => {
    if (value.REDIS_CLUSTER_NODES) {
      // Each BullMQ script touches several keys of one queue: on a cluster they must share a slot.
      if (hashTagOf(value.QUEUE_PREFIX) === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['QUEUE_PREFIX'],
          message: `must be hash-tagged, such as {huifang}, when REDIS_CLUSTER_NODES is set (a queue's keys must share one cluster slot; got ${value.QUEUE_PREFIX})`,
        });
      }
      const database = new URL(value.REDIS_URL).pathname.replace(/^\//, '');
      if (database !== '' && database !== '0') {
        ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: `must not select database ${database} when REDIS_CLUSTER_NODES is set (a Redis Cluster has database 0 only)` });
      }
    }
    if (value.NODE_ENV === 'production' && !value.NEXTAUTH_SECRET && value.HUIFANG_ALLOW_INSECURE_SECRET !== '1') {
      ctx.addIssue({ code: 'custom', path: ['NEXTAUTH_SECRET'], message: 'is required in production (generate one with `openssl rand -base64 32`)' });
    }
    if (value.TELEPHONY === 'twilio') {
      for (const key of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_CALLER_ID'] as const) {
        if (!value[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when TELEPHONY=twilio (see README → Telephony)' });
      }
      const base = new URL(value.PUBLIC_BASE_URL);
      if (base.protocol !== 'https:' || /^(localhost|127\.|0\.0\.0\.0|\[::1\]|10\.|192\.168\.)/.test(base.hostname) || base.hostname.endsWith('.local')) {
        ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'must be a public https:// address Twilio can reach when TELEPHONY=twilio (its webhooks are signed for this URL)' });
      }
    }
  });

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export class ConfigError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as "unset" so `FOO= npm run …` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
