// Wiring: one register call per feature; each feature lives in its own file. The desktop entry
// (extension.ts) and the web entry (src/browser/extension.ts) call this with their platform.
// Every language feature — diagnostics, completion, hovers, navigation, rename, symbols,
// folding, formatting, quick fixes, code lenses, inlay hints — comes from the nnet language
// server (src/server/) through the client; the extension adds the commands, the status bar,
// training and the graph panel.
import * as vscode from 'vscode';
import { NnetClient } from './client';
import { readData } from './data-files';
import { registerContextKeys } from './context-keys';
import { registerGradientCommands } from './commands';
import { registerMisclassified } from './misclassified';
import { DocumentChecker } from './documents';
import { GradientService } from './gradients';
import { registerGraphPanel } from './graph-commands';
import { Log } from './log';
import { registerStatusBar } from './status-bar';
import type { Platform } from './platform';
import { registerTraining } from './training';
import { TrainingEvents } from './training-events';

export function activateWith(context: vscode.ExtensionContext, platform: Platform): NnetClient {
  const checker = new DocumentChecker(platform.data);
  const client = new NnetClient({
    start: platform.languageClient,
    dataChanged: (file) => void checker.dataChanged(file),
    readData: (params) => readData(checker, platform.data, params),
  });
  const gradients = new GradientService(checker, client);
  const log = new Log();
  const trainingEvents = new TrainingEvents();
  context.subscriptions.push(client, checker, gradients, log, trainingEvents);
  if (platform.kind === 'web') {
    log.line('Running in VS Code for the Web (Web Worker extension host): the language server runs in a Web Worker, data files are read through the workspace, training runs in a Web Worker. The nnet command line needs a desktop with Node.js.');
  }
  registerGradientCommands(context, gradients, client, log);
  registerMisclassified(context, gradients);
  registerTraining(context, gradients, log, platform.runTraining, trainingEvents);
  registerGraphPanel(context, gradients, trainingEvents, log);
  registerStatusBar(context, gradients);
  registerContextKeys(context, gradients);
  return client;
}
