// The language server in a Node process: `nnet lsp --stdio` or `--node-ipc` (what the VS Code
// client uses). Builds the connection and the Node platform (data files from disk), then hands
// both to the platform-neutral server.
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { dataLines } from '../core';
import { createByteReader, loadBinaryFiles } from '../node/byte-reader';
import { createDataReader, dataFileStamp } from '../node/data-reader';
import { profileServerIfAsked } from './profile';
import { createServer, type Platform } from './server';

/** The file system path of a file: URI (undefined for other schemes or a malformed URI). */
function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export const nodePlatform: Platform = {
  dataReader(uri) {
    const file = pathOf(uri);
    return file === undefined ? undefined : createDataReader(file);
  },
  byteReader(uri, notLoaded) {
    const file = pathOf(uri);
    return file === undefined ? undefined : createByteReader(file, { onlyLoaded: notLoaded });
  },
  dataStamp(uri, relativePath) {
    const file = pathOf(uri);
    return file === undefined ? undefined : dataFileStamp(file, relativePath);
  },
  loadBytes(uri, text) {
    const file = pathOf(uri);
    return file === undefined ? Promise.resolve(false) : loadBinaryFiles(file, dataLines(text));
  },
};

/**
 * Starts the server on the transport named in `argv` (`--stdio`, `--node-ipc`, or
 * `--socket=PORT`, as vscode-languageserver reads them) and returns when the connection is
 * listening; the process exits when the client says `exit`.
 */
export function startNodeServer(): void {
  profileServerIfAsked();
  const connection = createConnection(ProposedFeatures.all);
  createServer(connection, nodePlatform);
  connection.listen();
}
