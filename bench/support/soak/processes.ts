import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';

/**
 * The soak's processes, each started directly as `node --import tsx …` (not through the tsx CLI,
 * which would run the script in a child of its own): the pid the bench holds is the process that
 * serves, so its RSS is the one sampled and a SIGKILL kills the worker itself. Output goes to one
 * log file per process (a restarted process appends to it), printed when a check fails.
 */
export interface SoakProcess {
  name: string;
  logFile: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the current child has exited. */
  exited: Promise<string>;
  /** A line of its output matched `ready` (or it has no readiness line). */
  ready: Promise<void>;
  /** The inspector's WebSocket address (every soak process listens on one, see forced-gc.ts). */
  inspector: Promise<string>;
}

export interface ProcessSpec {
  name: string;
  /** The script and its arguments, run under tsx from the project root. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A line the process prints once it serves. */
  ready?: RegExp;
  /** Node's own flags (e.g. --trace-gc, --heapsnapshot-signal=SIGUSR2) for a diagnostic run. */
  nodeArgs?: string[];
}

const streams = new Map<string, WriteStream>();

/**
 * The V8 heap left after each full collection, per process (restarts included), read from the
 * `--trace-gc` lines every process prints: what the heap really holds, where RSS also counts
 * garbage not yet collected and memory the allocator keeps.
 */
export const heapAfterGc = new Map<string, { at: number; mb: number }[]>();
const MARK_COMPACT = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/g;
export const TRACE_GC_ARGS = ['--trace-gc', '--trace-gc-ignore-scavenger'];
const INSPECT_ARGS = ['--inspect=127.0.0.1:0'];
const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/;

export function startProcess(root: string, logDir: string, spec: ProcessSpec): SoakProcess {
  const logFile = path.join(logDir, `${spec.name}.log`);
  let out = streams.get(logFile);
  if (!out) {
    out = createWriteStream(logFile, { flags: 'a' });
    streams.set(logFile, out);
  }
  const log = out;
  log.write(`---- ${new Date().toISOString()} start ${spec.args.join(' ')}\n`);
  const child = spawn(process.execPath, [...INSPECT_ARGS, ...(spec.nodeArgs ?? []), '--import', 'tsx', ...spec.args], { cwd: root, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  // However the bench ends, its processes end with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      log.write(`---- ${new Date().toISOString()} exited ${code ?? signal}\n`);
      resolve(String(code ?? signal));
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    if (!spec.ready) return resolve();
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer = (buffer + chunk.toString()).slice(-4096);
      if (spec.ready!.test(buffer)) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`${spec.name} exited (${code}) before it was ready; see ${logFile}`)));
  });
  ready.catch(() => undefined);
  const inspector = new Promise<string>((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer = (buffer + chunk.toString()).slice(-4096);
      const m = INSPECTOR_URL.exec(buffer);
      if (m) {
        child.stderr!.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`${spec.name} exited (${code}) before its inspector listened`)));
  });
  inspector.catch(() => undefined);
  let gcBuffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (gcBuffer + chunk.toString()).split('\n');
    gcBuffer = lines.pop()!.slice(-4096);
    let list = heapAfterGc.get(spec.name);
    if (!list) heapAfterGc.set(spec.name, (list = []));
    for (const line of lines) for (const m of line.matchAll(MARK_COMPACT)) list.push({ at: Date.now(), mb: Number(m[1]) });
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  return { name: spec.name, logFile, child, exited, ready, inspector };
}

/** SIGTERM, then SIGKILL after the grace period. */
export async function stopProcess(p: SoakProcess, graceMs = 15_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  p.child.kill('SIGTERM');
  await p.exited;
  clearTimeout(timer);
}

export function closeLogs(): void {
  for (const s of streams.values()) s.end();
  streams.clear();
}
