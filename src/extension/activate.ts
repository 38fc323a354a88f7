// Wiring: one register call per feature; each feature lives in its own file. The desktop entry
// (extension.ts) and the web entry (src/browser/extension.ts) call this with their platform.
import * as vscode from 'vscode';
import { registerAutoCompute } from './auto-compute';
import { registerCodeLens } from './codelens';
import { registerContextKeys } from './context-keys';
import { registerGradientCommands } from './commands';
import { registerMisclassified } from './misclassified';
import { registerDiagnostics } from './diagnostics';
import { DocumentChecker } from './documents';
import { registerFormatting } from './formatting';
import { GradientService } from './gradients';
import { registerGraphPanel } from './graph-commands';
import { registerGradientHover } from './hover';
import { registerInlayHints } from './inlay-hints';
import { registerLanguageService } from './language';
import { Log } from './log';
import { registerStatusBar } from './status-bar';
import type { Platform } from './platform';
import { registerTraining } from './training';
import { TrainingEvents } from './training-events';

export function activateWith(context: vscode.ExtensionContext, platform: Platform): void {
  const checker = new DocumentChecker(platform.data);
  const gradients = new GradientService(checker);
  const log = new Log();
  const trainingEvents = new TrainingEvents();
  context.subscriptions.push(checker, gradients, log, trainingEvents);
  if (platform.kind === 'web') {
    log.line('Running in VS Code for the Web (Web Worker extension host): data files are read through the workspace, training runs in a Web Worker. The nnet command line needs a desktop with Node.js.');
  }
  registerDiagnostics(context, checker);
  registerFormatting(context);
  registerLanguageService(context, checker);
  registerGradientCommands(context, gradients, log);
  registerMisclassified(context, gradients);
  registerTraining(context, gradients, log, platform.runTraining, trainingEvents);
  registerGraphPanel(context, gradients, trainingEvents, log);
  registerCodeLens(context, gradients);
  registerInlayHints(context, gradients);
  registerGradientHover(context, gradients);
  registerStatusBar(context, gradients);
  registerAutoCompute(context, gradients);
  registerContextKeys(context, gradients);
}
