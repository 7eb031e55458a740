import { z } from 'zod';

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

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .default('postgres://postgres@127.0.0.1:5432/huifang'),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
    NEXTAUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    PUBLIC_BASE_URL: z.url('must be a URL such as https://huifang.example.com').default('http://localhost:3000'),
    APP_TIMEZONE: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
    TELEPHONY: z.enum(['emulator', 'twilio']).default('emulator'),
    UPLOAD_DIR: z.string().default('var/uploads'),
    QUEUE_PREFIX: z.string().default('{huifang}'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HUIFANG_ALLOW_INSECURE_SECRET: z.enum(['0', '1']).default('0'),
  })
  .superRefine((value, ctx) => {
    if (value.NODE_ENV === 'production' && !value.NEXTAUTH_SECRET && value.HUIFANG_ALLOW_INSECURE_SECRET !== '1') {
      ctx.addIssue({ code: 'custom', path: ['NEXTAUTH_SECRET'], message: 'is required in production (generate one with `openssl rand -base64 32`)' });
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
