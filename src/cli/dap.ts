// `nnet dap`: the debug adapter over standard input/output (Debug Adapter Protocol), for
// tests and for editors with a DAP client. The file to debug comes in the `launch` request.
import * as fs from 'node:fs';
import { NnetDebugSession } from '../debug/adapter';
import { createDataReader } from '../node/data-reader';
import { OK, UsageError, type Io } from './common';

export const DAP_HELP = `Usage: nnet dap

Runs the nnet debug adapter on standard input and output (Debug Adapter Protocol),
for editors with a DAP client. The client's 'launch' request names the file:

  { "program": "examples/heaton-xor.nnet", "sample": 1, "stopOnEntry": true,
    "convention": "heaton", "granularity": "node" }

Nothing else is written to standard output. See docs/debugger.md.
`;

export function runDap(args: readonly string[], _io: Io): Promise<number> {
  if (args.length > 0) throw new UsageError(`'nnet dap' takes no arguments (got '${args[0]}')`, 'dap');
  const session = new NnetDebugSession({
    readText: (file) => fs.promises.readFile(file, 'utf8'),
    dataReader: (file) => createDataReader(file),
  });
  return new Promise((resolve) => {
    process.stdin.on('close', () => resolve(OK));
    process.stdin.on('end', () => resolve(OK));
    session.start(process.stdin, process.stdout);
  });
}
