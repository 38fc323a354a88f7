// The language server in a Web Worker (dist/web/server.js): what the web extension starts in VS
// Code for the Web, as VS Code's own Markdown support and the lsp-web-extension sample do. The
// connection runs over the worker's messages; there is no file access here, so the data files a
// document names are read by the client through workspace.fs and sent on request
// (`nnet/readData`, the client sets `initializationOptions.dataFiles`).
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { createServer, type Platform } from './server';

/** No file access of its own: every data file comes from the client. */
export const browserPlatform: Platform = { dataReader: () => undefined };

// The worker's global scope (the repo's tsconfig has no WebWorker lib).
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
createServer(connection, browserPlatform);
connection.listen();
