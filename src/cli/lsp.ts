// `nnet lsp`: the language server on standard input/output (any LSP editor) or on Node IPC
// (the VS Code client). The server itself lives in src/server/.
import { startNodeServer } from '../server/node';
import { OK, UsageError, type Io } from './common';

export const LSP_HELP = `Usage: nnet lsp --stdio | --node-ipc | --socket=PORT

Runs the nnet language server: diagnostics, completion, hovers with the gradient
derivation, go to definition, references, rename, symbols, folding, formatting,
quick fixes, gradient code lenses and inlay hints for .nnet files, over the
Language Server Protocol. Editors start it themselves; see docs/server.md for
Neovim, Helix and others.

Options:
  --stdio            talk LSP on standard input and output
  --node-ipc         talk LSP over Node's IPC channel (the VS Code client)
  --socket=PORT      connect to a client listening on TCP PORT
  --clientProcessId=PID
                     exit when that process exits (editors pass this)

Exit codes: 0 after the client's 'exit', 1 when the client vanished without
'shutdown', 2 usage error.
`;

const TRANSPORTS = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

export function runLsp(args: readonly string[], _io: Io): number {
  const transports = args.filter((a) => TRANSPORTS.test(a));
  const unknown = args.find((a) => !TRANSPORTS.test(a) && !/^--clientProcessId=\d+$/.test(a));
  if (unknown !== undefined) throw new UsageError(`unknown option '${unknown}'`, 'lsp');
  if (transports.length !== 1) throw new UsageError(transports.length ? 'lsp takes one transport' : 'lsp needs a transport: --stdio, --node-ipc or --socket=PORT', 'lsp');
  // vscode-languageserver reads the transport from process.argv; the process lives until the client says 'exit'.
  startNodeServer();
  return OK;
}
