// Runs the bundled CLI (dist/cli.js) as a child process and measures it: exit code, output,
// wall time and the child's peak memory. The peak comes from the child itself: a preloaded
// hook writes `process.resourceUsage().maxRSS` to a file at exit, so no external `time`
// program is needed. The old-space cap makes a runaway heap fail fast instead of swapping.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface Measured {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident memory of the child in MB (undefined if it died before reporting). */
  readonly maxRssMb?: number;
  readonly timedOut: boolean;
}

let hookFile: string | undefined;
function hook(): string {
  if (hookFile) return hookFile;
  hookFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-hook-')), 'rusage-hook.js');
  fs.writeFileSync(
    hookFile,
    `process.on('exit', () => { try { require('fs').writeFileSync(process.env.NNET_RUSAGE_FILE, String(process.resourceUsage().maxRSS)); } catch {} });\n`,
  );
  return hookFile;
}

/** Runs `nnet ARGS` in `cwd`, killing it after `timeoutMs`. */
export function runCli(args: readonly string[], options: { cwd: string; timeoutMs?: number; heapMb?: number; input?: string; env?: Record<string, string> }): Promise<Measured> {
  const usage = path.join(options.cwd, `.rusage-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NNET_RUSAGE_FILE: usage, ...options.env };
  delete env.FORCE_COLOR;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${options.heapMb ?? 1536}`, '--require', hook(), CLI, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout.length < 20_000_000 ? (stdout += d) : undefined));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr.length < 20_000_000 ? (stderr += d) : undefined));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      let maxRssMb: number | undefined;
      try {
        maxRssMb = Number(fs.readFileSync(usage, 'utf8')) / 1024;
        fs.unlinkSync(usage);
      } catch {
        maxRssMb = undefined;
      }
      resolve({ status, signal, stdout, stderr, ms: performance.now() - started, maxRssMb, timedOut });
    });
  });
}

/** A JavaScript stack frame (`    at fn (file.js:1:2)`) or a Node crash banner. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$|FATAL ERROR|RangeError|TypeError|ReferenceError|internal (model |parser )?error/m;

/** `FILE:LINE:COL: error|warning nnet/CODE:` — a diagnostic with a position. */
export const POSITIONED = /^[^\n]*:\d+:\d+: (error|warning) nnet\/[a-z-]+: /m;
