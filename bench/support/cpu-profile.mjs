/**
 * `--import`ed by the stack's processes when a bench runs with --profile DIR (NODE_OPTIONS): a V8
 * CPU profile of the whole process, written to DIR as <service>-<pid>.cpuprofile when it is told
 * to stop (SIGTERM, SIGINT) or exits. Node 20 refuses --cpu-prof in NODE_OPTIONS, hence this.
 * Only the process running the app profiles (tsx's own launcher process is skipped).
 */
import fs from 'node:fs';
import path from 'node:path';
import inspector from 'node:inspector';

const dir = process.env.HUIFANG_CPU_PROFILE_DIR;
// tsx's launcher runs its CLI and spawns the real process with its loader (--import …/loader.mjs).
const isLauncher = process.argv.some((a) => /tsx[\\/]dist[\\/]cli|\.bin[\\/]tsx$/.test(a));
if (dir && !isLauncher) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // The local session answers synchronously, so this works inside 'exit' too.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      const name = `${process.env.HUIFANG_SERVICE || 'node'}-${process.pid}.cpuprofile`;
      fs.writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.prependListener(signal, () => {
      // Nobody else listens: the signal's default (exit) is ours to do ('exit' writes the profile).
      if (process.listenerCount(signal) === 1) process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
      // Written on the next turn, not now: under tsx the child first tells its launcher it got the
      // signal (over IPC); a launcher that hears nothing for 60 ms SIGKILLs the child — mid-write,
      // as a large profile takes longer than that to serialize.
      setImmediate(write);
    });
  }
}
