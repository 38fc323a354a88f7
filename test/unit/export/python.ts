// Running Debian's python3-torch (/usr/bin/python3; `.ci/run` installs it) from the tests.
import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.NNET_TEST_PYTHON ?? '/usr/bin/python3';

/** Runs python with `args`; throws with its stderr when it fails. One thread each: the machine is shared. */
export function python(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): string {
  const result = spawnSync(PYTHON, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600000,
    maxBuffer: 64 * 1024 * 1024,
    // SIGKILL on timeout; the file's DDP workers notice their launcher is gone and exit within a second.
    killSignal: 'SIGKILL',
    env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  const timeoutMs = options.timeoutMs ?? 600000;
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    throw new Error(`${PYTHON} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s (killed):\n${result.stderr}`);
  }
  if (result.error) throw new Error(`${PYTHON} could not run (${result.error.message}); install python3-torch (apt-get install -y python3-torch)`);
  if (result.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** Splits an engine weight matrix (rows × (inputs + bias column)) into PyTorch's weight and bias. */
export function torchLayout(values: Float64Array, rows: number, inputs: number, hasBias: boolean): { weight: Float64Array; bias?: Float64Array } {
  const columns = inputs + (hasBias ? 1 : 0);
  const weight = new Float64Array(rows * inputs);
  const bias = hasBias ? new Float64Array(rows) : undefined;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < inputs; c++) weight[r * inputs + c] = values[r * columns + c];
    if (bias) bias[r] = values[r * columns + inputs];
  }
  return { weight, bias };
}
