import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The soak's own production build, in bench/out/.next-soak (next.config.js takes the directory
 * from HUIFANG_NEXT_DIST_DIR): built when a source is newer than it, never replacing the .next
 * another bench or a person may be serving from, and never replaced under the soak's server by
 * theirs. Types are not checked here (the commit's check does that), so a tree other people are
 * editing builds as it is; `next build` amends a tsconfig of the soak's own, not the project's.
 */
export const SOAK_DIST_DIR = 'bench/out/.next-soak';
const TSCONFIG = 'bench/out/tsconfig.soak.json';

export function soakBuildEnv(): Record<string, string> {
  return { HUIFANG_NEXT_DIST_DIR: SOAK_DIST_DIR, HUIFANG_NEXT_TSCONFIG: TSCONFIG };
}

function stale(root: string): boolean {
  const buildId = path.join(root, SOAK_DIST_DIR, 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  const newer = (p: string): boolean => {
    if (!existsSync(p)) return false;
    const s = statSync(p);
    if (!s.isDirectory()) return s.mtimeMs > builtAt;
    return readdirSync(p).some((entry) => newer(path.join(p, entry)));
  };
  return ['app', 'lib', 'db', 'messages', 'next.config.js', 'package-lock.json', 'proxy.ts'].some((d) => newer(path.join(root, d)));
}

export async function ensureSoakBuild(root: string, log: (line: string) => void, logFile: string): Promise<void> {
  if (!stale(root)) return;
  log(`building the web app into ${SOAK_DIST_DIR} (next build; output in ${logFile}) …`);
  // A fresh clone has no bench/out yet (it is ignored by git).
  mkdirSync(path.dirname(path.join(root, TSCONFIG)), { recursive: true });
  writeFileSync(
    path.join(root, TSCONFIG),
    JSON.stringify({ extends: '../../tsconfig.json', include: ['../../next-env.d.ts', '../../**/*.ts', '../../**/*.tsx'], exclude: ['../../node_modules', '../../var', '../../bench/out'] }, null, 2),
  );
  const { createWriteStream } = await import('node:fs');
  const out = createWriteStream(logFile, { flags: 'a' });
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
      cwd: root,
      env: { ...process.env, ...soakBuildEnv(), NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  out.end();
  if (code !== 0) throw new Error(`next build failed with exit code ${code}; see ${logFile}`);
}
