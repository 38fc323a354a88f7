// Entry of dist/server.js: the language server the VS Code client starts (`--node-ipc`).
import { startNodeServer } from './node';

startNodeServer();
