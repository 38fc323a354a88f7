// The `nnet` debugger in VS Code: the adapter runs inline (DebugAdapterInlineImplementation;
// desktop only — the web build leaves it out, see docs/web.md), F5 on a .nnet file works without a launch.json, NNet: Debug
// Backpropagation starts it, and inline values show the numbers beside the source while
// stopped. The adapter itself is src/debug/adapter.ts; docs/debugger.md is the user's guide.
import * as vscode from 'vscode';
import { NnetDebugSession, type DebugHost, type NnetLaunchArguments } from '../debug/adapter';
import { createDataReader } from '../node/data-reader';
import { asUri, shownNnetDocument } from './target';

export const DEBUG_TYPE = 'nnet';
const LANGUAGE_ID = 'nnet';

/** Reads the text of the document being debugged: the editor's (unsaved edits included), else the file. */
const host: DebugHost = {
  async readText(path) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path || d.uri.toString() === path);
    if (open) return open.getText();
    const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? vscode.Uri.parse(path) : vscode.Uri.file(path);
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  },
  dataReader: (program) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(program) ? undefined : createDataReader(program)),
};

/** Whether the user set an enabled breakpoint in `uri` (F5 then runs to it instead of stopping on entry). */
function hasBreakpointsIn(uri: vscode.Uri): boolean {
  return vscode.debug.breakpoints.some((b) => b.enabled && b instanceof vscode.SourceBreakpoint && b.location.uri.toString() === uri.toString());
}

export function launchConfigurationFor(document: vscode.TextDocument): vscode.DebugConfiguration & NnetLaunchArguments {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: 'Debug Backpropagation',
    program: document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString(),
    sample: 1,
    stopOnEntry: !hasBreakpointsIn(document.uri),
  };
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug Backpropagation', program: '${file}', sample: 1, stopOnEntry: true }];
  }

  /** F5 with no launch.json (an empty configuration): debug the active .nnet file. */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.program) {
      const document = vscode.window.activeTextEditor?.document;
      if (document?.languageId === LANGUAGE_ID) {
        const given = Object.fromEntries(Object.entries(config).filter(([key, value]) => value !== undefined && value !== '' && !['type', 'request', 'name'].includes(key)));
        return { ...launchConfigurationFor(document), ...given };
      }
      void vscode.window.showInformationMessage('Open a .nnet file to debug its backpropagation (or set "program" in launch.json).');
      return undefined;
    }
    return config;
  }
}

/** Numbers beside the source while stopped, from the adapter's `inlineValues` request. */
class InlineValues implements vscode.InlineValuesProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlineValues = this.changed.event;

  async provideInlineValues(document: vscode.TextDocument): Promise<vscode.InlineValue[]> {
    const session = vscode.debug.activeDebugSession;
    if (!session || session.type !== DEBUG_TYPE) return [];
    const program = String(session.configuration.program ?? '');
    if (program !== document.uri.fsPath && program !== document.uri.toString()) return [];
    const precision = vscode.workspace.getConfiguration('nnet', document).get<number>('precision', 5);
    const reply = (await session.customRequest('inlineValues', { precision })) as { values?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] };
    return (reply.values ?? []).map((v) => new vscode.InlineValueText(new vscode.Range(v.range.start.line, v.range.start.character, v.range.end.line, v.range.end.character), v.text));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerDebugger(context: vscode.ExtensionContext): void {
  const inlineValues = new InlineValues();
  context.subscriptions.push(
    inlineValues,
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new NnetDebugSession(host)),
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()),
    vscode.languages.registerInlineValuesProvider({ language: LANGUAGE_ID }, inlineValues),
    vscode.commands.registerCommand('nnet.debugBackpropagation', async (resource?: unknown) => {
      // From the walkthrough or the Explorer no text editor has focus: the .nnet file shown is meant.
      const uri = asUri(resource) ?? shownNnetDocument()?.uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showInformationMessage('Open a .nnet file to debug its backpropagation.');
        return false;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      if (document.languageId !== LANGUAGE_ID) {
        void vscode.window.showInformationMessage(`${uri.path.split('/').pop()} is not a .nnet file.`);
        return false;
      }
      return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), launchConfigurationFor(document));
    }),
  );
}
