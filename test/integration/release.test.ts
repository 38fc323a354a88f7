// In-host tests of what a new user meets first: NNet: Open Example… and the walkthrough's
// command links (contributes.walkthroughs in package.json).
import * as assert from 'assert';
import * as zlib from 'zlib';
import * as vscode from 'vscode';
import { check } from '../../src/core/check';
import { dataReaders } from '../../src/node/byte-reader';
import { EXTENSION_ID, ScratchFolder, closeAllEditors, waitFor, waitForDiagnostics } from './helpers';

interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string };
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext;
}

async function listFiles(folder: vscode.Uri): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: vscode.Uri, prefix: string): Promise<void> => {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
      if (type === vscode.FileType.Directory) await walk(vscode.Uri.joinPath(dir, name), `${prefix}${name}/`);
      else out.push(`${prefix}${name}`);
    }
  };
  await walk(folder, '');
  return out.sort();
}

/** An IDX file (big-endian header): unsigned bytes, `dims` = [count] for labels, [count, 28, 28] for images. */
function idx(dims: number[], fill: (i: number) => number): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 + dims.length);
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d));
  for (let i = 0; i < size; i++) out[4 + 4 * dims.length + i] = fill(i);
  return out;
}

describe('release: Open Example and the walkthrough', () => {
  let scratch: ScratchFolder;

  before(async () => {
    scratch = new ScratchFolder('release');
    await extension().activate();
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  after(async () => {
    await scratch.dispose();
  });

  it('opens heaton-xor.nnet as an untitled NNet document with the shipped text, and computes its gradients', async () => {
    const before = await listFiles(extension().extensionUri);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('nnet.openExample', 'heaton-xor.nnet');
    assert.ok(uri, 'the command returns the opened document');
    assert.strictEqual(uri.scheme, 'untitled');
    const editor = await waitFor('the example in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() && vscode.window.activeTextEditor);
    const shipped = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, 'examples', 'heaton-xor.nnet')));
    assert.strictEqual(editor.document.getText(), shipped);
    assert.strictEqual(editor.document.languageId, 'nnet');
    const result = await vscode.commands.executeCommand<{ error: number }>('nnet.computeGradients', uri);
    assert.ok(result && Math.abs(result.error - 0.0299419) < 1e-6, `E = ${result?.error}`);
    // Nothing was written into the extension's folder.
    assert.deepStrictEqual(await listFiles(extension().extensionUri), before);
  });

  it('copies digits.nnet with its CSV into a chosen folder, where the data is read', async () => {
    const before = await listFiles(extension().extensionUri);
    const folder = vscode.Uri.joinPath(scratch.uri, 'mine');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('nnet.openExample', 'digits', folder);
    assert.ok(uri, 'the command returns the copied file');
    assert.strictEqual(uri.toString(), vscode.Uri.joinPath(folder, 'digits.nnet').toString());
    assert.deepStrictEqual(await listFiles(folder), ['digits.csv', 'digits.nnet']);
    await waitFor('the copy in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString());
    // The data line resolves beside the copy: no error diagnostics, and the samples come from the CSV.
    await waitForDiagnostics(uri, (d) => !d.some((x) => x.severity === vscode.DiagnosticSeverity.Error), 'no errors in the copied digits.nnet', 30000);
    const result = await vscode.commands.executeCommand<{ error: number }>('nnet.computeGradients', uri);
    assert.ok(result && Number.isFinite(result.error), 'gradients computed from the CSV samples');
    assert.deepStrictEqual(await listFiles(extension().extensionUri), before);
  });

  it('copies fashion-mnist.nnet with the Fashion-MNIST files from a data folder (one unpacked), where they are read', async function () {
    this.timeout(60000);
    const before = await listFiles(extension().extensionUri);
    // A small stand-in for the dataset: 3 training and 2 test pictures of 28×28, labels 0..9.
    const data = vscode.Uri.joinPath(scratch.uri, 'idx');
    const files: Record<string, Uint8Array> = {
      'train-images-idx3-ubyte.gz': zlib.gzipSync(idx([3, 28, 28], (i) => (i * 7) % 256)),
      'train-labels-idx1-ubyte': idx([3], (i) => (i * 3) % 10),
      't10k-images-idx3-ubyte.gz': zlib.gzipSync(idx([2, 28, 28], (i) => (i * 5) % 256)),
      't10k-labels-idx1-ubyte.gz': zlib.gzipSync(idx([2], (i) => i + 4)),
    };
    for (const [name, bytes] of Object.entries(files)) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(data, name), bytes);
    const folder = vscode.Uri.joinPath(scratch.uri, 'fashion');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('nnet.openExample', 'fashion-mnist', folder, data);
    assert.ok(uri, 'the command returns the copied file');
    assert.strictEqual(uri.toString(), vscode.Uri.joinPath(folder, 'fashion-mnist.nnet').toString());
    assert.deepStrictEqual(await listFiles(folder), ['data/fashion-mnist/t10k-images-idx3-ubyte.gz', 'data/fashion-mnist/t10k-labels-idx1-ubyte.gz', 'data/fashion-mnist/train-images-idx3-ubyte.gz', 'data/fashion-mnist/train-labels-idx1-ubyte', 'fashion-mnist.nnet']);
    for (const [name, bytes] of Object.entries(files)) {
      assert.deepStrictEqual([...(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'data', 'fashion-mnist', name)))], [...bytes], name);
    }
    // The .nnet names the unpacked labels file as found; everything else is the shipped text.
    const shipped = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, 'examples', 'fashion-mnist.nnet')));
    const copied = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.strictEqual(copied, shipped.replace('"data/fashion-mnist/train-labels-idx1-ubyte.gz"', '"data/fashion-mnist/train-labels-idx1-ubyte"'));
    await waitFor('the copy in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString());
    // The data lines resolve beside the copy: read with the CLI's readers (the editor's live
    // check does not read IDX files yet), every sample is there.
    const checked = check(copied, dataReaders(uri.fsPath));
    assert.deepStrictEqual(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    assert.strictEqual(checked.network?.samples.length, 3);
    assert.deepStrictEqual(await listFiles(extension().extensionUri), before);
  });

  it('copies nothing for fashion-mnist.nnet when the data folder lacks some of its files', async () => {
    const data = vscode.Uri.joinPath(scratch.uri, 'half');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(data, 'train-images-idx3-ubyte.gz'), zlib.gzipSync(idx([1, 28, 28], () => 0)));
    const folder = vscode.Uri.joinPath(scratch.uri, 'fashion-half');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('nnet.openExample', 'fashion-mnist.nnet', folder, data);
    assert.strictEqual(uri, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(folder)), 'nothing was written');
  });

  it('refuses to copy an example into the extension folder', async () => {
    const before = await listFiles(extension().extensionUri);
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('nnet.openExample', 'digits.nnet', vscode.Uri.joinPath(extension().extensionUri, 'copy'));
    assert.strictEqual(uri, undefined);
    assert.deepStrictEqual(await listFiles(extension().extensionUri), before);
  });

  it('has a walkthrough whose command links all name registered commands, and it opens', async () => {
    const pkg = extension().packageJSON as { contributes: { walkthroughs: { id: string; steps: Step[] }[] } };
    const walkthrough = pkg.contributes.walkthroughs[0];
    // A short tour: the six feature steps and the debugger's.
    assert.ok(walkthrough.steps.length >= 4 && walkthrough.steps.length <= 7, `${walkthrough.steps.length} steps`);
    const commands = new Set(await vscode.commands.getCommands(true));
    const links = walkthrough.steps.flatMap((s) => [...s.description.matchAll(/\(command:([\w.]+)(\?[^)]*)?\)/g)].map((m) => ({ step: s.id, command: m[1], args: m[2] })));
    assert.ok(links.length >= walkthrough.steps.length, 'every step links a command');
    for (const l of links) assert.ok(commands.has(l.command), `step ${l.step}: ${l.command} is not a registered command`);
    for (const s of walkthrough.steps) {
      const media = s.media.markdown ?? s.media.image;
      assert.ok(media, `step ${s.id} has media`);
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension().extensionUri, media));
    }
    // The first step's link, exactly as the walkthrough runs it (arguments from the URI's JSON).
    const first = links[0];
    assert.strictEqual(first.command, 'nnet.openExample');
    const args = JSON.parse(decodeURIComponent(first.args!.slice(1))) as unknown[];
    const uri = await vscode.commands.executeCommand<vscode.Uri>(first.command, ...args);
    assert.ok(uri && /heaton-xor\.nnet$/.test(uri.path), String(uri));
    // The walkthrough itself opens in the Welcome editor.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthrough.id}`, false);
    await waitFor('the walkthrough editor', () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /walkthrough|welcome|backpropagation/i.test(t.label))));
  });
});
