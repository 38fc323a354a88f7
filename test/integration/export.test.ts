// NNet: Export Network… and NNet: Import ONNX Model… in the extension host, run as another
// extension would: executeCommand with arguments, which skip the format picker and the
// dialogs. Every export test network (both examples and the generated ones with every
// activation, fixed weights and a layer without bias) is exported in each format from an
// open document; the files are read back independently of our export code (ONNX decoded with
// onnx-proto, the PyTorch file's tensor literals, TF.js model.json and its weights file), and
// the float64 ONNX model is imported back and compared with the original, weight for weight.
import * as assert from 'assert';
import { onnx } from 'onnx-proto';
import * as vscode from 'vscode';
import { check } from '../../src/core/check';
import type { Network } from '../../src/core/model/network';
import { allNetworks } from '../unit/export/networks';
import { activated, closeAllEditors, ScratchFolder, waitFor } from './helpers';

type Result = { files: string[] } | { error: string } | undefined;

/** The weight matrix of layer pair `k` as PyTorch and ONNX hold it: weight [rows × sources] and bias. */
function layout(network: Network, k: number): { weight: number[]; bias?: number[]; rows: number; sources: number } {
  const m = network.weights[k];
  const hasBias = !!network.layers[k].bias;
  const sources = m.columns - (hasBias ? 1 : 0);
  const weight: number[] = [];
  const bias: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < sources; c++) weight.push(m.values[r * m.columns + c]);
    if (hasBias) bias.push(m.values[r * m.columns + sources]);
  }
  return { weight, bias: hasBias ? bias : undefined, rows: m.rows, sources };
}

function values(t: onnx.ITensorProto): number[] {
  const raw = t.rawData as Uint8Array;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const double = t.dataType === onnx.TensorProto.DataType.DOUBLE;
  assert.ok(double || t.dataType === onnx.TensorProto.DataType.FLOAT, `${t.name}: data type ${t.dataType}`);
  const size = double ? 8 : 4;
  const out: number[] = [];
  for (let i = 0; i < raw.byteLength / size; i++) out.push(double ? view.getFloat64(i * size, true) : view.getFloat32(i * size, true));
  return out;
}

/** The numbers of a Python literal (comments removed). */
function pythonNumbers(text: string): number[] {
  const code = text.replace(/#.*$/gm, '');
  return [...code.matchAll(/(?<![\w.])-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g)].map((m) => Number(m[0]));
}

async function read(uri: string): Promise<Uint8Array> {
  return vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
}

describe('export and import commands (executeCommand with arguments)', function () {
  this.timeout(60000);
  let scratch: ScratchFolder;

  before(async () => {
    await activated();
    scratch = new ScratchFolder('export');
  });

  after(async () => {
    await closeAllEditors();
    await scratch.dispose();
  });

  for (const { name, text, network } of allNetworks()) {
    describe(name, () => {
      let document: vscode.Uri;
      const out = (file: string): vscode.Uri => vscode.Uri.joinPath(scratch.uri, name, file);

      before(async () => {
        document = await scratch.write(`${name}.nnet`, text);
        await vscode.window.showTextDocument(document);
      });

      for (const dtype of ['float32', 'float64'] as const) {
        it(`exports ONNX (${dtype}) whose initializers are the file's weights`, async () => {
          const result = await vscode.commands.executeCommand<Result>('nnet.exportNetwork', { document, format: 'onnx', dtype, target: out(`${dtype}.onnx`) });
          assert.ok(result && 'files' in result, JSON.stringify(result));
          assert.deepStrictEqual(result.files, [out(`${dtype}.onnx`).toString()]);
          const model = onnx.ModelProto.decode(await read(result.files[0]));
          const graph = model.graph as onnx.GraphProto;
          const byName = new Map(graph.initializer.map((t) => [t.name, t]));
          const gemms = graph.node.filter((n) => n.opType === 'Gemm');
          assert.strictEqual(gemms.length, network.weights.length);
          const round = dtype === 'float64' ? (x: number) => x : Math.fround;
          gemms.forEach((g, k) => {
            const expected = layout(network, k);
            const inputs = g.input ?? [];
            const w = byName.get(inputs[1]);
            assert.ok(w, `Gemm ${g.name}: weight initializer ${inputs[1]}`);
            assert.deepStrictEqual((w.dims ?? []).map(Number), [expected.rows, expected.sources]);
            assert.deepStrictEqual(values(w), expected.weight.map(round), `${g.name} weights`);
            if (expected.bias) assert.deepStrictEqual(values(byName.get(inputs[2])!), expected.bias.map(round), `${g.name} bias`);
            else assert.strictEqual(inputs.length, 2, `${g.name}: no bias input`);
          });
        });
      }

      it('exports PyTorch whose tensors hold the file weights exactly', async () => {
        const target = out('net.py');
        const result = await vscode.commands.executeCommand<Result>('nnet.exportNetwork', { document, format: 'pytorch', target });
        assert.ok(result && 'files' in result, JSON.stringify(result));
        const python = new TextDecoder().decode(await read(result.files[0]));
        network.weights.forEach((_, k) => {
          const expected = layout(network, k);
          const layer = network.layers[k + 1].name.replace(/\W/g, '_');
          const weight = new RegExp(`model\\.${layer}\\.weight\\.copy_\\(torch\\.tensor\\(([\\s\\S]*?)\\)\\)`).exec(python);
          assert.ok(weight, `model.${layer}.weight is set in the file`);
          assert.deepStrictEqual(pythonNumbers(weight[1]), expected.weight, `${layer}.weight`);
          if (expected.bias) {
            const bias = new RegExp(`model\\.${layer}\\.bias\\.copy_\\(torch\\.tensor\\(([\\s\\S]*?)\\)\\)`).exec(python);
            assert.ok(bias, `model.${layer}.bias is set in the file`);
            assert.deepStrictEqual(pythonNumbers(bias[1]), expected.bias, `${layer}.bias`);
          }
        });
        assert.match(python, /^def loss_fn\(output, target\):/m);
      });

      it('exports a TF.js Layers model whose weights file holds the kernels ([inputs, units]) and biases', async () => {
        const target = out('web.json');
        const result = await vscode.commands.executeCommand<Result>('nnet.exportNetwork', { document, format: 'tfjs', target });
        assert.ok(result && 'files' in result, JSON.stringify(result));
        assert.deepStrictEqual(result.files, [target.toString(), out('web.weights.bin').toString()]);
        const model = JSON.parse(new TextDecoder().decode(await read(result.files[0]))) as {
          format: string;
          modelTopology: { class_name: string; config: { layers: { class_name: string }[] } };
          weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
        };
        assert.strictEqual(model.format, 'layers-model');
        assert.strictEqual(model.modelTopology.class_name, 'Sequential');
        assert.ok(model.modelTopology.config.layers.filter((l) => l.class_name === 'Dense').length === network.weights.length, 'one Dense layer per layer pair');
        assert.deepStrictEqual(model.weightsManifest[0].paths, ['web.weights.bin']);
        const bin = await read(result.files[1]);
        const floats = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
        const expected: number[] = [];
        const shapes: number[][] = [];
        network.weights.forEach((_, k) => {
          const l = layout(network, k);
          const kernel: number[] = [];
          for (let c = 0; c < l.sources; c++) for (let r = 0; r < l.rows; r++) kernel.push(Math.fround(l.weight[r * l.sources + c]));
          expected.push(...kernel);
          shapes.push([l.sources, l.rows]);
          if (l.bias) {
            expected.push(...l.bias.map(Math.fround));
            shapes.push([l.rows]);
          }
        });
        assert.deepStrictEqual(model.weightsManifest[0].weights.map((w) => w.shape), shapes);
        assert.deepStrictEqual([...floats], expected);
      });

      it('imports the float64 ONNX model back into a .nnet file with the same layers and every weight', async () => {
        const onnxFile = out('round.onnx');
        const exported = await vscode.commands.executeCommand<Result>('nnet.exportNetwork', { document, format: 'onnx', dtype: 'float64', target: onnxFile });
        assert.ok(exported && 'files' in exported, JSON.stringify(exported));
        const target = out('round.nnet');
        const result = await vscode.commands.executeCommand<Result>('nnet.importOnnx', { source: onnxFile, target, open: true });
        assert.ok(result && 'files' in result, JSON.stringify(result));
        assert.deepStrictEqual(result.files, [target.toString()]);
        await waitFor('the imported file in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === target.toString());
        const imported = check(new TextDecoder().decode(await read(result.files[0])));
        assert.ok(!imported.hasErrors && imported.network, imported.diagnostics.map((d) => d.message).join('\n'));
        const back = imported.network;
        assert.deepStrictEqual(
          back.layers.map((l) => ({ name: l.name, nodes: l.nodes.map((n) => n.name), bias: l.bias?.name, activation: l.activation })),
          network.layers.map((l) => ({ name: l.name, nodes: l.nodes.map((n) => n.name), bias: l.bias?.name, activation: l.activation })),
        );
        assert.strictEqual(back.loss, network.loss);
        back.weights.forEach((m, k) => assert.deepStrictEqual([...m.values], [...network.weights[k].values], `weights ${k}`));
      });
    });
  }

  it('answers { error } for a file with errors, and for a model it cannot import', async () => {
    const broken = await scratch.write('broken.nnet', 'layer input x[2]\nlayer output y[1] sigmoid\nweights input -> output = [1 2 3 4]\n');
    const exported = await vscode.commands.executeCommand<Result>('nnet.exportNetwork', { document: broken, format: 'onnx', target: vscode.Uri.joinPath(scratch.uri, 'broken.onnx') });
    assert.ok(exported && 'error' in exported && /has errors/.test(exported.error), JSON.stringify(exported));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(scratch.uri, 'broken.onnx'))));
    const notOnnx = await scratch.write('not.onnx', 'this is not a model');
    const imported = await vscode.commands.executeCommand<Result>('nnet.importOnnx', { source: notOnnx, target: vscode.Uri.joinPath(scratch.uri, 'not.nnet'), open: false });
    assert.ok(imported && 'error' in imported, JSON.stringify(imported));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(scratch.uri, 'not.nnet'))));
  });
});
