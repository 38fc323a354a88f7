// Typed access to the extension's settings (contributes.configuration in package.json): the
// keys, defaults and checks are core's (service/gradients.ts), shared with the language server.
import * as vscode from 'vscode';
import { settingsWith, type GradientSettings } from '../core';

export type Settings = GradientSettings;

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('nnet', scope);
  return settingsWith((key) => c.get(key));
}
