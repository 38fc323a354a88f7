// Commands the manifest contributes that the web extension does not provide (they need Node:
// files on a local disk, a terminal, a child process) still answer on the web: with a message
// that says so, instead of VS Code's "command not found".
import * as vscode from 'vscode';

interface ContributedCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
}

/** The message shown for a command that is not available in VS Code for the Web. */
export function unavailableMessage(title: string): string {
  return `NNet: “${title}” is not available in VS Code for the Web: it needs the desktop version of VS Code (Node.js). Everything else (lenses, hovers, training, the graph panel) works here.`;
}

/** Registers a message for every contributed command nothing registered; returns their ids. */
export async function registerUnavailableCommands(context: vscode.ExtensionContext): Promise<string[]> {
  const contributed = ((context.extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes?.commands ?? []).filter((c) => c.command.startsWith('nnet.'));
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.filter((c) => !registered.has(c.command));
  for (const c of missing) {
    const title = c.category ? `${c.category}: ${c.title}` : c.title;
    context.subscriptions.push(vscode.commands.registerCommand(c.command, () => void vscode.window.showWarningMessage(unavailableMessage(title))));
  }
  return missing.map((c) => c.command);
}
