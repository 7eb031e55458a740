import { run, startService, stopServices, buildIsStale, type Service } from './processes';

/** Builds the web app when its sources changed since the last build. */
export async function ensureBuild(env: NodeJS.ProcessEnv): Promise<void> {
  if (!buildIsStale()) return;
  console.log('Building the web app (next build)…');
  const code = await run('next', ['build'], { ...env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' });
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
}

/** Starts the whole system — web app and worker — against the configured PostgreSQL and Redis. */
export function startStack(options: { port: number; env: NodeJS.ProcessEnv }): Service[] {
  const env = { ...options.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };
  return [
    startService('web', 'next', ['start', '-p', String(options.port), '-H', '127.0.0.1'], { ...env, HUIFANG_SERVICE: 'web' }),
    startService('worker', 'tsx', ['workers/index.ts'], { ...env, HUIFANG_SERVICE: 'worker' }),
  ];
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
