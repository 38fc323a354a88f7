// In-host tests of `data "x.csv"` files, in whichever extension host the harness chose: from the
// disk in the desktop (Node) host, through vscode.workspace.fs in the Web Worker host of VS Code
// for the Web (`npm run test:web`). The digits example's 300 rows load and train; the path rules
// hold; a CSV written after the .nnet file opened is read when it appears.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ScratchFolder, closeAllEditors, codeOf, exampleUri, openInEditor, readExample, waitForDiagnostics } from './helpers';

const errorsWithCode = (ds: readonly vscode.Diagnostic[], code: string): vscode.Diagnostic[] =>
  ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error && codeOf(d) === code);

describe('data files in a real VS Code', function () {
  this.timeout(60_000);
  let scratch: ScratchFolder;
  let digits: string;
  let digitsCsv: string;

  before(async () => {
    scratch = new ScratchFolder('data-files');
    digits = await readExample('digits.nnet');
    digitsCsv = await readExample('digits.csv');
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  after(async () => {
    await scratch.dispose();
  });

  it('reads digits.csv beside digits.nnet: no errors, all 300 rows as samples, and a training run', async () => {
    const rows = digitsCsv.split('\n').filter((l) => l.trim() !== '').length;
    assert.strictEqual(rows, 300, 'the example CSV has 300 rows');
    const uri = await exampleUri('digits.nnet');
    await openInEditor(uri);

    // Commands wait for the data files to be read. The last row is a sample of its own:
    // choosing it sticks (an index past the end would be clamped), and gradients need a file
    // without errors.
    await vscode.commands.executeCommand('nnet.useSample', uri, 299);
    const computed = await vscode.commands.executeCommand<{ sample: number; error: number }>('nnet.computeGradients', uri);
    assert.ok(computed, 'gradients computed');
    assert.strictEqual(computed.sample, 299);
    assert.ok(Number.isFinite(computed.error) && computed.error > 0, `cross-entropy of sample 300: ${computed.error}`);
    const published = await waitForDiagnostics(uri, (ds) => ds.every((d) => d.severity !== vscode.DiagnosticSeverity.Error), 'no errors in the Problems panel');
    assert.deepStrictEqual(published.filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);

    const trained = await vscode.commands.executeCommand<{ epochs: number; stop: string; error?: { loss: number } }>('nnet.train', uri);
    assert.ok(trained, 'training finished');
    assert.strictEqual(trained.stop, 'epochs');
    assert.strictEqual(trained.epochs, 20, 'the file asks for 20 epochs');
    assert.ok(trained.error && Number.isFinite(trained.error.loss), JSON.stringify(trained));
  });

  it('refuses a data path that leaves the folder, and a folder named as data', async () => {
    const outside = await scratch.write('sub/outside.nnet', digits.replace('"digits.csv"', '"../digits.csv"'));
    await scratch.write('digits.csv', digitsCsv);
    await openInEditor(outside);
    const [pathError] = errorsWithCode(await waitForDiagnostics(outside, (ds) => errorsWithCode(ds, 'nnet/data-path').length === 1, 'the data-path error'), 'nnet/data-path');
    assert.match(pathError.message, /must be a relative path inside this file's folder/);

    const folder = await scratch.write('folder.nnet', digits.replace('"digits.csv"', '"sub"'));
    await openInEditor(folder);
    const [fileError] = errorsWithCode(await waitForDiagnostics(folder, (ds) => errorsWithCode(ds, 'nnet/data-file').length === 1, 'the data-file error'), 'nnet/data-file');
    assert.match(fileError.message, /cannot read 'sub': 'sub' is (a folder, not a (regular )?file|not a regular file)/);
  });

  it('names a missing CSV, then reads it once it is written', async () => {
    const uri = await scratch.write('later.nnet', digits.replace('"digits.csv"', '"later.csv"'));
    await openInEditor(uri);
    const [missing] = errorsWithCode(await waitForDiagnostics(uri, (ds) => errorsWithCode(ds, 'nnet/data-file').length === 1, 'the missing-file error'), 'nnet/data-file');
    assert.match(missing.message, /'later\.csv' does not exist/);

    await scratch.write('later.csv', digitsCsv);
    await waitForDiagnostics(uri, (ds) => ds.every((d) => d.severity !== vscode.DiagnosticSeverity.Error), 'the error to clear once later.csv exists');
    const computed = await vscode.commands.executeCommand<{ sample: number }>('nnet.computeGradients', uri);
    assert.ok(computed, 'gradients computed from the CSV written later');
  });
});
