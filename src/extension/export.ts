// NNet: Export Network… and NNet: Import ONNX Model…: the CLI's export and import behind a
// format picker and file dialogs. Self-contained: the model comes from the document's text
// through core; files are written to a temporary sibling and renamed over the target.
// Called programmatically (tests, other extensions) the dialogs are skipped:
//   executeCommand('nnet.exportNetwork', { format: 'onnx', dtype: 'float64', target: uri, document: uri })
//   executeCommand('nnet.importOnnx', { source: uri, target: uri, open: false })
import * as vscode from 'vscode';
import { check, EXPORT_FORMAT_INFO, EXPORT_FORMATS, exportNetwork, fromOnnx, type ExportDtype, type ExportFormat } from '../core';
import { createDataReader } from '../node/data-reader';

export interface ExportArgs {
  readonly format?: ExportFormat;
  readonly dtype?: ExportDtype;
  readonly target?: vscode.Uri | string;
  /** The .nnet document; the active editor's by default. */
  readonly document?: vscode.Uri | string;
}

export interface ImportArgs {
  readonly source?: vscode.Uri | string;
  readonly target?: vscode.Uri | string;
  /** Open the written file in an editor (default true). */
  readonly open?: boolean;
}

/** What the commands return: the files written, or why nothing was. */
export type CommandResult = { readonly files: string[] } | { readonly error: string } | undefined;

const toUri = (u: vscode.Uri | string): vscode.Uri => (typeof u === 'string' ? vscode.Uri.file(u) : vscode.Uri.from(u));

async function writeAtomic(target: vscode.Uri, data: Uint8Array): Promise<void> {
  const temp = target.with({ path: `${target.path}.${Date.now().toString(36)}.tmp` });
  await vscode.workspace.fs.writeFile(temp, data);
  try {
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (e) {
    await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
    throw e;
  }
}

function fail(error: string): CommandResult {
  void vscode.window.showErrorMessage(error);
  return { error };
}

async function pickFormat(): Promise<{ format: ExportFormat; dtype?: ExportDtype } | undefined> {
  type Item = vscode.QuickPickItem & { format: ExportFormat; dtype?: ExportDtype };
  const items = EXPORT_FORMATS.flatMap((format): Item[] => {
    const info = EXPORT_FORMAT_INFO[format];
    if (format === 'onnx') {
      return [
        { label: `${info.label} (float32)`, description: `.${info.extension}`, detail: info.detail, format, dtype: 'float32' },
        { label: `${info.label} (float64, exact)`, description: `.${info.extension}`, detail: 'Every weight exactly as in the file', format, dtype: 'float64' },
      ];
    }
    return [{ label: info.label, description: `.${info.extension}`, detail: info.detail, format }];
  });
  return vscode.window.showQuickPick(items, { title: 'Export Network', placeHolder: 'Format to export the network to' });
}

async function exportCommand(args: ExportArgs = {}): Promise<CommandResult> {
  const uri = args.document ? toUri(args.document) : vscode.window.activeTextEditor?.document.languageId === 'nnet' ? vscode.window.activeTextEditor.document.uri : undefined;
  if (!uri) return fail('Export Network: open a .nnet file first.');
  const document = await vscode.workspace.openTextDocument(uri);
  const version = document.version;
  const readData = uri.scheme === 'file' ? createDataReader(uri.fsPath) : undefined;
  const result = check(document.getText(), { readData });
  if (result.hasErrors || !result.network) {
    return fail(`Export Network: ${vscode.workspace.asRelativePath(uri)} has errors; fix them first (see the Problems panel).`);
  }
  const picked = args.format ? { format: args.format, dtype: args.dtype } : await pickFormat();
  if (!picked) return undefined;
  if (!(EXPORT_FORMATS as readonly string[]).includes(picked.format)) return fail(`Export Network: unknown format '${picked.format}'.`);
  const info = EXPORT_FORMAT_INFO[picked.format];
  const stem = uri.path.replace(/^.*\//, '').replace(/\.nnet$/i, '');
  let target = args.target ? toUri(args.target) : undefined;
  if (!target) {
    target = await vscode.window.showSaveDialog({
      title: `Export ${info.label}`,
      defaultUri: vscode.Uri.joinPath(uri, '..', `${stem}.${info.extension}`),
      filters: { [info.label]: [info.extension] },
    });
    if (!target) return undefined;
  }
  // The network was read from `version`; a change since then would export something the user no longer sees.
  if (document.version !== version) return fail('Export Network: the file changed while exporting; run the command again.');
  const name = target.path.replace(/^.*\//, '');
  const files = exportNetwork(result.network, picked.format, { dtype: picked.dtype, sourceName: `${stem}.nnet`, fileName: name });
  const written: string[] = [];
  try {
    for (const f of files) {
      const uriOf = f.name === undefined ? target : vscode.Uri.joinPath(target, '..', f.name);
      await writeAtomic(uriOf, typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data);
      written.push(uriOf.toString());
    }
  } catch (e) {
    return fail(`Export Network: cannot write ${target.fsPath}: ${(e as Error).message}`);
  }
  if (!args.target) void vscode.window.showInformationMessage(`Exported ${info.label} to ${vscode.workspace.asRelativePath(target)}.`);
  return { files: written };
}

async function importCommand(args: ImportArgs = {}): Promise<CommandResult> {
  let source = args.source ? toUri(args.source) : undefined;
  if (!source) {
    const chosen = await vscode.window.showOpenDialog({ title: 'Import ONNX Model', canSelectMany: false, filters: { 'ONNX model': ['onnx'] } });
    source = chosen?.[0];
    if (!source) return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(source);
  } catch (e) {
    return fail(`Import ONNX Model: cannot read ${source.fsPath}: ${(e as Error).message}`);
  }
  const sourceName = source.path.replace(/^.*\//, '');
  const result = fromOnnx(bytes, sourceName);
  if (!result.ok) return fail(`Import ONNX Model: ${result.error}`);
  let target = args.target ? toUri(args.target) : undefined;
  if (!target) {
    target = await vscode.window.showSaveDialog({
      title: 'Save the imported network',
      defaultUri: vscode.Uri.joinPath(source, '..', sourceName.replace(/\.onnx$/i, '') + '.nnet'),
      filters: { 'NNet network': ['nnet'] },
    });
    if (!target) return undefined;
  }
  try {
    await writeAtomic(target, new TextEncoder().encode(result.text));
  } catch (e) {
    return fail(`Import ONNX Model: cannot write ${target.fsPath}: ${(e as Error).message}`);
  }
  if (args.open ?? true) await vscode.window.showTextDocument(target);
  return { files: [target.toString()] };
}

export function registerExport(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('nnet.exportNetwork', (args?: ExportArgs | vscode.Uri) => exportCommand(args instanceof vscode.Uri ? { document: args } : args)),
    vscode.commands.registerCommand('nnet.importOnnx', (args?: ImportArgs | vscode.Uri) => importCommand(args instanceof vscode.Uri ? { source: args } : args)),
  );
}
