// Fashion-MNIST in the desktop editor: examples/fashion-mnist.nnet names four gzipped IDX files
// (put there by `npm run data:fashion-mnist`; the harness copies examples/ with them). The
// extension reads them ahead off the extension host's thread and checks from memory: the file
// has no errors, 60,000 training and 10,000 test samples, any of them can be the active sample,
// and the editor trains on IDX data with a held-out split (a small copy of the network on the
// 10,000 test images, so the run takes seconds). Desktop only: the web build reads CSV only.
import * as assert from 'assert';
import * as vscode from 'vscode';
import * as zlib from 'zlib';
import type { GraphDebugState } from '../../src/extension/graph-panel';
import type { GraphModel, TrainingView } from '../../src/core';
import type { HostMessage } from '../../src/shared/protocol';
import { closeAllEditors, errorsOf, describeDiagnostic, exampleUri, openInEditor, waitFor, waitForDiagnostics } from './helpers';

async function posted<T extends HostMessage['type']>(type: T): Promise<Extract<HostMessage, { type: T }> | undefined> {
  const state = await vscode.commands.executeCommand<GraphDebugState | undefined>('nnet.graph.debugState');
  return state?.posted[type] as Extract<HostMessage, { type: T }> | undefined;
}

interface Computed {
  sample: number;
  error: number;
  samples?: { train: number; test: number; validation: number };
}

const SMALL = `network fashion-mnist-small
layer input  x[784]
layer hidden h[32] relu bias
layer output tshirt trouser pullover dress coat sandal shirt sneaker bag boot softmax
weights x -> h = init he seed 1
weights h -> output = init xavier seed 2
loss crossentropy
train adam rate 0.001 batch 32 epochs 2 seed 1
data "data/fashion-mnist/t10k-images-idx3-ubyte.gz" labels "data/fashion-mnist/t10k-labels-idx1-ubyte.gz" scale 1/255
test split 0.2 seed 1
`;

describe('Fashion-MNIST (IDX data) in a real VS Code', function () {
  this.timeout(300_000);
  const written: vscode.Uri[] = [];

  afterEach(async () => {
    await closeAllEditors();
  });

  after(async () => {
    for (const uri of written) await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
  });

  it('opens examples/fashion-mnist.nnet without errors: 60,000 training and 10,000 test samples', async () => {
    const uri = await exampleUri('fashion-mnist.nnet');
    await openInEditor(uri);
    const published = await waitForDiagnostics(uri, (ds) => errorsOf(ds).length === 0, 'no errors once the IDX files are read', 180_000);
    assert.deepStrictEqual(errorsOf(published).map(describeDiagnostic), []);

    await vscode.commands.executeCommand('nnet.useSample', uri, 59_999);
    const last = await vscode.commands.executeCommand<Computed>('nnet.computeGradients', uri);
    assert.ok(last, 'gradients computed for the last training image');
    assert.deepStrictEqual(last.samples, { train: 60_000, test: 10_000, validation: 0 });
    assert.strictEqual(last.sample, 59_999);
    assert.ok(Number.isFinite(last.error) && last.error > 0, `cross-entropy of training image 60,000: ${last.error}`);

    // Past the training images come the test images; past those the index is clamped to the last.
    await vscode.commands.executeCommand('nnet.useSample', uri, 80_000);
    const clamped = await vscode.commands.executeCommand<Computed>('nnet.computeGradients', uri);
    assert.ok(clamped);
    assert.strictEqual(clamped.sample, 69_999, 'the last of 60,000 + 10,000 samples');
    assert.ok(Number.isFinite(clamped.error) && clamped.error > 0);
  });

  it('trains on IDX data from the editor and reports held-out accuracy per epoch', async () => {
    const folder = vscode.Uri.joinPath(await exampleUri('fashion-mnist.nnet'), '..');
    const uri = vscode.Uri.joinPath(folder, `fashion-mnist-small-${Date.now()}.nnet`);
    written.push(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SMALL));
    await openInEditor(uri);
    await waitForDiagnostics(uri, (ds) => errorsOf(ds).length === 0, 'no errors in the small copy', 120_000);
    const computed = await vscode.commands.executeCommand<Computed>('nnet.computeGradients', uri);
    assert.ok(computed);
    assert.deepStrictEqual(computed.samples, { train: 8_000, test: 2_000, validation: 0 }, '20 % of the 10,000 images held out');

    const trained = await vscode.commands.executeCommand<{ epochs: number; stop: string; error?: { loss: number; accuracy?: number; test?: { loss: number; accuracy?: number } } }>('nnet.train', uri);
    assert.ok(trained, 'training finished');
    assert.strictEqual(trained.stop, 'epochs');
    assert.strictEqual(trained.epochs, 2);
    const test = trained.error?.test;
    assert.ok(test && Number.isFinite(test.loss), `a test loss after the last epoch: ${JSON.stringify(trained.error)}`);
    // Ten classes: chance is 0.1. Two epochs of Adam on 8,000 images reach well above it.
    assert.ok(test.accuracy !== undefined && test.accuracy > 0.6 && test.accuracy <= 1, `test accuracy ${test.accuracy}`);
    assert.ok(trained.error!.accuracy !== undefined && trained.error!.accuracy > 0.5, `train accuracy ${trained.error!.accuracy}`);
  });

  it('graph panel: the active image with its saliency map, training and test curves, and the confusion matrix', async () => {
    const uri = await exampleUri('fashion-mnist.nnet');
    await openInEditor(uri);
    await waitForDiagnostics(uri, (ds) => errorsOf(ds).length === 0, 'no errors', 180_000);
    await vscode.commands.executeCommand('nnet.useSample', uri, 0);
    assert.strictEqual(await vscode.commands.executeCommand('nnet.showGraph'), true);
    const model = await waitFor('the model with an image', async () => {
      const m = (await posted('model'))?.model as GraphModel | undefined;
      return m && m.uri === uri.toString() && m.image ? m : undefined;
    }, 120_000);
    // The first training image and its label, read here from the IDX file itself.
    const bytes = zlib.gunzipSync(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(uri, '..', 'data/fashion-mnist/train-images-idx3-ubyte.gz')));
    const labels = zlib.gunzipSync(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(uri, '..', 'data/fashion-mnist/train-labels-idx1-ubyte.gz')));
    const image = model.image!;
    assert.strictEqual(image.side, 28);
    assert.strictEqual(image.pixels.length, 784);
    for (let i = 0; i < 784; i++) assert.ok(Math.abs(image.pixels[i]! - bytes[16 + i] / 255) < 1e-12, `pixel ${i}`);
    assert.strictEqual(image.saliency.length, 784);
    assert.ok(image.saliency.every((g) => g !== null) && image.saliencyMax > 0, 'a finite, non-zero saliency map');
    const classes = ['tshirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'boot'];
    assert.match(image.caption, new RegExp(`^training sample 1 · true: ${classes[labels[8]]} · predicted: `));

    // Train the small copy (IDX data, 20 % held out) with the panel open: both curves and the matrix.
    const folder = vscode.Uri.joinPath(uri, '..');
    const small = vscode.Uri.joinPath(folder, `fashion-mnist-panel-${Date.now()}.nnet`);
    written.push(small);
    await vscode.workspace.fs.writeFile(small, new TextEncoder().encode(SMALL));
    await openInEditor(small);
    await waitForDiagnostics(small, (ds) => errorsOf(ds).length === 0, 'no errors in the small copy', 120_000);
    await waitFor('the panel to follow the small copy', async () => ((await posted('model'))?.model.uri === small.toString() ? true : undefined), 60_000);
    const trained = await vscode.commands.executeCommand<{ epochs: number; error?: { loss: number; accuracy?: number; test?: { loss: number; accuracy?: number } } }>('nnet.train', small);
    assert.ok(trained?.error?.test?.accuracy !== undefined, JSON.stringify(trained));
    const run = await waitFor('the finished run in the panel', async () => {
      const t = (await posted('training'))?.training as TrainingView | undefined;
      return t && t.uri === small.toString() && !t.running ? t : undefined;
    }, 60_000);
    assert.deepStrictEqual(run.epochs, [1, 2]);
    assert.strictEqual(run.curves.testLoss.length, 2);
    assert.strictEqual(run.curves.testLoss[1], trained.error.test.loss, 'the engine’s test loss of the last epoch');
    assert.strictEqual(run.curves.testAccuracy[1], trained.error.test.accuracy);
    assert.strictEqual(run.curves.trainLoss[1], trained.error.loss);
    assert.strictEqual(run.curves.trainAccuracy[1], trained.error.accuracy);
    const confusion = run.confusion!;
    assert.ok(confusion, 'a confusion matrix after the run');
    assert.strictEqual(confusion.set, 'test');
    assert.deepStrictEqual(confusion.classes, classes);
    assert.strictEqual(confusion.count, 2_000);
    assert.strictEqual(confusion.counts.reduce((a, b) => a + b, 0), 2_000);
    let right = 0;
    for (let c = 0; c < 10; c++) right += confusion.counts[c * 10 + c];
    assert.strictEqual(right / 2_000, trained.error.test.accuracy, 'the diagonal is the test accuracy of the trained weights');
    assert.strictEqual(confusion.accuracy, trained.error.test.accuracy);
  });
});
