import { run, startService, stopServices, buildIsStale, type Service } from './processes';

/** Builds the web app when its sources changed since the last build. */
export async function ensureBuild(env: NodeJS.ProcessEnv): Promise<void> {
  if (!buildIsStale()) return;
  console.log('Building the web app (next build)…');
  const code = await run('next', ['build'], { ...env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' });
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
}

/**
 * Starts the whole system — web app and worker, and with TELEPHONY=emulator (the default) the
 * local Twilio emulator — against the configured PostgreSQL and Redis. The emulator listens on
 * TWILIO_EMULATOR_PORT (default: the web port + 999, so 3999 for the demo); web and worker reach
 * it through TWILIO_EMULATOR_URL, and all three use the emulator's demo account unless
 * TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN say otherwise (lib/telephony/config.ts).
 */
export function startStack(options: { port: number; env: NodeJS.ProcessEnv }): Service[] {
  const env: NodeJS.ProcessEnv = { ...options.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };
  const services: Service[] = [];
  if ((env.TELEPHONY || 'emulator') === 'emulator') {
    const emulatorPort = env.TWILIO_EMULATOR_PORT || String(options.port + 999);
    env.TWILIO_EMULATOR_PORT = emulatorPort;
    env.TWILIO_EMULATOR_URL ||= `http://127.0.0.1:${emulatorPort}`;
    // The emulator calls the app back here (webhooks are signed for this URL).
    env.PUBLIC_BASE_URL ||= `http://localhost:${options.port}`;
    services.push(startService('telephony', 'tsx', ['scripts/twilio-emulator.ts'], { ...env, HUIFANG_SERVICE: 'telephony' }));
  }
  services.push(
    // next start behind our own server: it tells the app the socket address (scripts/web-server.ts).
    startService('web', 'tsx', ['scripts/web-server.ts', '--port', String(options.port), '--hostname', '127.0.0.1'], { ...env, HUIFANG_SERVICE: 'web' }),
    startService('worker', 'tsx', ['workers/index.ts'], { ...env, HUIFANG_SERVICE: 'worker' }),
  );
  return services;
}

/** Stops the stack on Ctrl-C / SIGTERM, and exits when any of its processes dies. */
export function superviseStack(services: Service[]): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (code: number) => {
      if (stopping) return;
      stopping = true;
      await stopServices(services);
      resolve(code);
    };
    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
    for (const s of services) {
      s.child.once('exit', (code) => {
        if (!stopping) {
          console.error(`[${s.name}] exited with code ${code}; stopping the rest.`);
          void stop(code ?? 1);
        }
      });
    }
  });
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
