// Helpers for the in-host suite (runs inside a real VS Code extension host, either
// code-server through test/harness/runner-extension or @vscode/test-electron).
// Everything waits on conditions (events or polling) with a time limit; nothing sleeps
// for a fixed time.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor as poll } from '../../scripts/vscode/lib/wait';

export const EXTENSION_ID = 'nnet-tools.nnet';
/** Default time limit for one wait; well under mocha's per-test timeout. */
export const WAIT_MS = 15000;

/** Polls `check` until it returns a truthy value (returned) or the time limit passes (the repo's one `waitFor`). */
export function waitFor<T>(what: string, check: () => T | PromiseLike<T>, timeoutMs = WAIT_MS): ReturnType<typeof poll<T>> {
  return poll(what, check, { timeoutMs, intervalMs: 50 });
}

/**
 * The extension, activated: `ext.activate()` rejects when the extension's `activate()`
 * threw (`ext.isActive` alone is true even then). Returns what `activate()` exported.
 */
export async function activated(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  await ext.activate();
  return ext;
}

/**
 * Resolves with the diagnostics of `uri` once `predicate` holds for them: checked now and
 * on every `onDidChangeDiagnostics` event for that URI. Rejects after `timeoutMs`,
 * naming what was expected and what the diagnostics were.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let done = false;
    const finish = (err: Error | undefined, value?: readonly vscode.Diagnostic[]): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sub.dispose();
      if (err) reject(err);
      else resolve(value!);
    };
    const check = (): void => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (predicate(diagnostics)) finish(undefined, diagnostics);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      const now = vscode.languages.getDiagnostics(uri).map(describeDiagnostic);
      finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${uri.path}; diagnostics now: ${JSON.stringify(now)}`));
    }, timeoutMs);
    check();
  });
}

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
}

export function describeDiagnostic(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${vscode.DiagnosticSeverity[d.severity]} ${String(codeOf(d))} ${d.message}`;
}

export function errorsOf(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

/** The workspace folder the harness opened (a scratch copy of examples/). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the in-host suite needs a workspace folder (the harness opens a copy of examples/)');
  return folder.uri;
}

/** An example file: at the workspace root (harness) or under examples/ (repo opened). */
export async function exampleUri(name: string): Promise<vscode.Uri> {
  const direct = vscode.Uri.joinPath(workspaceRoot(), name);
  try {
    await vscode.workspace.fs.stat(direct);
    return direct;
  } catch {
    const found = await vscode.workspace.findFiles(`**/examples/${name}`, '**/node_modules/**', 1);
    assert.ok(found[0], `example ${name} not found in the workspace`);
    return found[0];
  }
}

export async function readExample(name: string): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(await exampleUri(name));
  return new TextDecoder().decode(bytes);
}

/** A fresh folder inside the workspace for files a test writes; removed by `dispose`. */
export class ScratchFolder {
  readonly uri: vscode.Uri;

  constructor(label: string) {
    this.uri = vscode.Uri.joinPath(workspaceRoot(), '.nnet-test-tmp', `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  }

  async write(name: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(this.uri, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  async dispose(): Promise<void> {
    await vscode.workspace.fs.delete(this.uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  }
}

/** What useScratchSuite() gives a suite: both are there from the suite's first test on. */
export interface ScratchSuite {
  /** A scratch folder inside the workspace, removed after the suite. */
  readonly scratch: ScratchFolder;
  /** The text of examples/heaton-xor.nnet. */
  readonly xor: string;
}

/**
 * The hooks every in-host suite needs, registered once (call inside `describe`): a scratch
 * folder and the text of examples/heaton-xor.nnet before the tests, every editor reverted and
 * closed after each test, the folder removed at the end.
 */
export function useScratchSuite(label: string): ScratchSuite {
  let state: { scratch: ScratchFolder; xor: string } | undefined;
  before(async () => {
    state = { scratch: new ScratchFolder(label), xor: await readExample('heaton-xor.nnet') };
  });
  afterEach(async () => {
    await closeAllEditors();
  });
  after(async () => {
    await state?.scratch.dispose();
  });
  const ready = (): { scratch: ScratchFolder; xor: string } => {
    if (!state) throw new Error('useScratchSuite() registers a before hook; call it inside describe');
    return state;
  };
  return {
    get scratch() {
      return ready().scratch;
    },
    get xor() {
      return ready().xor;
    },
  };
}

/** The titles of the CodeLenses the providers give for `uri` (`line`: only those on that line). */
export async function lensTitles(uri: vscode.Uri, line?: number): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((l) => line === undefined || l.range.start.line === line).map((l) => l.command?.title ?? '');
}

/** The text of every hover the providers give at `position`, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Opens `uri` in an editor (so editor commands such as undo act on it). */
export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Reverts and closes every editor, so that no dirty document leaks into the next test. */
export async function closeAllEditors(): Promise<void> {
  // Only the tests' own documents: VS Code keeps settings.json open (and dirty for a moment)
  // while a configuration update writes it, and showing it then can fail with "another editor
  // opened in the meantime".
  const ours = (doc: vscode.TextDocument): boolean => doc.uri.scheme === 'untitled' || doc.languageId === 'nnet' || doc.uri.path.includes('/.nnet-test-tmp/');
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed || !ours(doc)) continue;
    for (let attempt = 1; ; attempt++) {
      try {
        await vscode.window.showTextDocument(doc, { preview: false });
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        break;
      } catch (e) {
        // Another editor opened while this one was being shown: try again, a few times.
        if (attempt >= 3 || doc.isClosed) throw e;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The line index of the first line equal to `text` (after trimming). */
export function lineOf(doc: vscode.TextDocument, text: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.trim() === text) return i;
  throw new Error(`line '${text}' not found in ${doc.uri.path}`);
}
