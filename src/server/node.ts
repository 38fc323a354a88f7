// The language server in a Node process: `nnet lsp --stdio` or `--node-ipc` (what the VS Code
// client uses). Builds the connection and the Node platform (data files from disk), then hands
// both to the platform-neutral server.
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createByteReader } from '../node/byte-reader';
import { createDataReader } from '../node/data-reader';
import { createServer, type Platform } from './server';

export const nodePlatform: Platform = {
  dataReader(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return createDataReader(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  },
  // IDX files (Fashion-MNIST): read in the server's process, decoded once per file content.
  byteReader(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return createByteReader(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  },
};

/**
 * Starts the server on the transport named in `argv` (`--stdio`, `--node-ipc`, or
 * `--socket=PORT`, as vscode-languageserver reads them) and returns when the connection is
 * listening; the process exits when the client says `exit`.
 */
export function startNodeServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  createServer(connection, nodePlatform);
  connection.listen();
}
