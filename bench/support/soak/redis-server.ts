import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../free-port';

/**
 * A Redis server of the soak's own on a spare port, keeping nothing on disk (`--save ""`,
 * `--appendonly no`): restarting it loses every key, as a Redis that fails over to an empty replica
 * or is flushed does. The bench may restart it; the shared Redis of the other tests is never touched.
 */
export interface SoakRedis {
  port: number;
  url: string;
  pid(): number;
  /** Stops the server (SIGTERM, nothing saved) and starts it again empty after `downMs`. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(logDir: string): Promise<SoakRedis> {
  const port = await freePort();
  const log = createWriteStream(path.join(logDir, 'redis.log'), { flags: 'a' });
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    await waitForPort(port, 10_000);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child.pid ?? 0,
    async restart(downMs) {
      await stop();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await stop();
      log.end();
    },
  };
}


async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
