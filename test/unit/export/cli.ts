// Runs the built `nnet` CLI (dist/cli.js, rebuilt once per test run from src/cli/main.ts).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './networks';

const CLI = path.join(ROOT, 'dist', 'cli.js');
let built = false;

function build(): void {
  if (built) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], outfile: CLI, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, sourcesContent: false, logLevel: 'silent' });
  built = true;
}

export function nnet(args: readonly string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  build();
  const env = { ...process.env, NO_COLOR: '1' };
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 60000, input: '' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
