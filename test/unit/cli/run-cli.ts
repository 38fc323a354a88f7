// Running the built CLI (dist/cli.js) the way users run it, for the CLI test files: one
// bundling step (`buildCli`, as esbuild.js does it) and one way to run it (`nnet`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundles, ROOT } from '../helpers';

export { ROOT };
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const BIN = path.join(ROOT, 'bin', 'nnet.js');

/** Bundles dist/cli.js and the training worker it starts, exactly as esbuild.js does. */
export function buildCli(): void {
  buildBundles('dist/cli.js', 'dist/train-worker.js');
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without the caller's colour switches, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...extra };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
  /** Another entry point than dist/cli.js (e.g. bin/nnet.js). */
  script?: string;
  timeoutMs?: number;
}

/** Runs the built CLI (stdout and stderr are pipes, so no colour and no progress bar). */
export function nnet(args: readonly string[], options: RunOptions = {}): Run {
  const result = spawnSync(process.execPath, [options.script ?? CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: cleanEnv(options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60000,
  });
  // A timeout or a failed spawn is a failure, never a skip.
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes `text` to `name` below `dir` (folders created); returns the file's path. */
function writeIn(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The scratch folder of a suite that runs the CLI. */
export interface CliFolder {
  /** The folder, there from the suite's first test on. */
  readonly dir: string;
  /** Writes `text` to `name` below the folder (folders created); returns the file's path. */
  write(name: string, text: string): string;
}

/**
 * The hooks of a suite that runs the built CLI, registered once (call inside `describe`): the
 * CLI bundled and a fresh folder under the system's temp folder (named `prefix…`) before the
 * tests, the folder removed after them.
 */
export function useCliFolder(prefix: string): CliFolder {
  let dir: string | undefined;
  before(() => {
    buildCli();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const folder = (): string => {
    if (!dir) throw new Error('useCliFolder() makes the folder in a before hook; call it inside describe');
    return dir;
  };
  return {
    get dir() {
      return folder();
    },
    write: (name, text) => writeIn(folder(), name, text),
  };
}
