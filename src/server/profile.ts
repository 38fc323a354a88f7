// NNET_SERVER_PROFILE=DIR: a CPU profile of the language server's process from start to exit,
// written to DIR/server-PID.cpuprofile (npm run bench:editor sets it with NNET_BENCH_PROFILE;
// summarise with `node scripts/bench-editor.js --profile-summary FILE`). Node only; nothing
// happens without the variable.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';

export function profileServerIfAsked(env: NodeJS.ProcessEnv = process.env): void {
  const dir = env.NNET_SERVER_PROFILE;
  if (!dir) return;
  const session = new inspector.Session();
  session.connect();
  // The in-process inspector answers synchronously, so the profile can be written on exit.
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      write();
      process.exit(0);
    });
  }
}
