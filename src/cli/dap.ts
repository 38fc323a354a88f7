// `nnet dap`: the debug adapter over standard input/output (Debug Adapter Protocol), for
// tests and for editors with a DAP client. The file to debug comes in the `launch` request.
import * as fs from 'node:fs';
import { NnetDebugSession } from '../debug/adapter';
import { createByteReader } from '../node/byte-reader';
import { createDataReader } from '../node/data-reader';
import { formatBytes, MAX_TEXT_CHARS } from '../core';
import { MAX_TEXT_BYTES, OK, PROBLEMS, UsageError, type Io } from './common';

export const DAP_HELP = `Usage: nnet dap

Runs the nnet debug adapter on standard input and output (Debug Adapter Protocol),
for editors with a DAP client. The client's 'launch' request names the file:

  { "program": "examples/heaton-xor.nnet", "sample": 1, "stopOnEntry": true,
    "convention": "heaton", "granularity": "node" }

Nothing else is written to standard output. See docs/debugger.md.
`;

export function runDap(args: readonly string[], io: Io): Promise<number> {
  if (args.length > 0) throw new UsageError(`'nnet dap' takes no arguments (got '${args[0]}')`, 'dap');
  const session = new NnetDebugSession({ readText: readProgram, dataReader: (file) => createDataReader(file), byteReader: (file) => createByteReader(file) });
  // A message that is not JSON ends the session (the library's choice): say so, and exit 1.
  let broken = false;
  session.on('error', (event: { body?: unknown }) => {
    broken = true;
    io.err(`nnet dap: ${String(event.body ?? 'protocol error')}; stopping\n`);
  });
  session.shutdown = () => {
    setTimeout(() => process.exit(broken ? PROBLEMS : OK), 100);
  };
  return new Promise((resolve) => {
    process.stdin.on('close', () => resolve(broken ? PROBLEMS : OK));
    process.stdin.on('end', () => resolve(broken ? PROBLEMS : OK));
    session.start(process.stdin, process.stdout);
  });
}

/** The program's text: a regular file within the text limit (a FIFO would wait forever, a device never end). */
async function readProgram(file: string): Promise<string> {
  const stat = await fs.promises.stat(file);
  if (stat.isDirectory()) throw new Error('it is a folder');
  if (!stat.isFile()) throw new Error('it is not a regular file');
  if (stat.size > MAX_TEXT_BYTES) throw new Error(`the file is ${formatBytes(stat.size)}; the limit is ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters`);
  return fs.promises.readFile(file, 'utf8');
}
