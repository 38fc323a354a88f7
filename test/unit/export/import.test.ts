// ONNX import: every network survives .nnet → ONNX (float64) → .nnet with every weight, name
// and activation; a model written by PyTorch's own torch.onnx.export imports and reproduces
// torch's outputs; unsupported graphs get an error naming the op and the node.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onnx } from 'onnx-proto';
import { toOnnx } from '../../../src/core/export/onnx';
import { fromOnnx } from '../../../src/core/export/onnx-import';
import { allNetworks, networkOf } from './networks';
import { python } from './python';
import { engineOutputs } from './runtimes';
import { toEngineSpec } from '../../../src/core/engine/spec';
import { createWorkspace, forward } from '../../../src/core/engine/kernel';

const TORCH_EXPORT = `
import json, sys
import torch
from torch import nn
torch.set_num_threads(1)
torch.manual_seed(7)
out = {}
for dtype in ("float64", "float32"):
    model = nn.Sequential(
        nn.Linear(3, 5), nn.Tanh(),
        nn.Linear(5, 4), nn.ReLU(),
        nn.Linear(4, 4, bias=False), nn.LeakyReLU(0.01),
        nn.Linear(4, 3), nn.Sigmoid(),
        nn.Linear(3, 3), nn.Softmax(dim=-1),
    )
    if dtype == "float64":
        model = model.double()
    x = torch.randn(6, 3, dtype=torch.float64 if dtype == "float64" else torch.float32)
    torch.onnx.export(model, x, f"torch-{dtype}.onnx", input_names=["features"], output_names=["probabilities"],
                      dynamic_axes={"features": {0: "batch"}, "probabilities": {0: "batch"}}, opset_version=13)
    out[dtype] = {"inputs": x.tolist(), "outputs": model(x).tolist()}
print(json.dumps(out))
`;

function outputsOf(text: string, inputs: number[][]): number[][] {
  const network = networkOf(text);
  const spec = toEngineSpec(network);
  const ws = createWorkspace(spec);
  return inputs.map((x) => {
    forward(spec, ws, x);
    return Array.from(ws.out[spec.sizes.length - 1]);
  });
}

describe('export: ONNX import', function () {
  this.timeout(1200000);

  for (const { name, network } of allNetworks()) {
    it(`${name}: .nnet → ONNX (float64) → .nnet keeps every weight, name and activation`, () => {
      const imported = fromOnnx(toOnnx(network, { dtype: 'float64' }), `${name}.onnx`);
      assert.ok(imported.ok, imported.ok ? '' : imported.error);
      const back = networkOf(imported.text);
      assert.deepEqual(back.layers.map((l) => [l.name, l.activation, l.nodes.map((n) => n.name), l.bias?.name]), network.layers.map((l) => [l.name, l.activation, l.nodes.map((n) => n.name), l.bias?.name]));
      assert.equal(back.loss, network.loss);
      network.weights.forEach((m, k) => assert.deepEqual(Array.from(back.weights[k].values), Array.from(m.values), `${name} weights ${k}`));
      assert.match(imported.text, new RegExp(`^# Imported by nnet from ${name}\\.onnx \\(written by nnet, opset 13\\)`));
    });
  }

  it('a float32 export imports with the shortest decimals of its float32 weights', () => {
    const { network } = allNetworks()[2];
    const imported = fromOnnx(toOnnx(network), 'every.onnx');
    assert.ok(imported.ok);
    const back = networkOf(imported.text);
    network.weights.forEach((m, k) => m.values.forEach((v, i) => assert.equal(Math.fround(back.weights[k].values[i]), Math.fround(v))));
    assert.match(imported.text, /0\.75 /, 'the fixed weight 0.75 is written as 0.75, not 0.75000000…');
    assert.match(imported.text, /float32/);
  });

  it("imports torch.onnx.export's nn.Sequential MLP and reproduces torch's outputs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-import-'));
    try {
      fs.writeFileSync(path.join(dir, 'make.py'), TORCH_EXPORT);
      const torch = JSON.parse(python([path.join(dir, 'make.py')], { cwd: dir })) as Record<string, { inputs: number[][]; outputs: number[][] }>;
      for (const dtype of ['float64', 'float32'] as const) {
        const imported = fromOnnx(fs.readFileSync(path.join(dir, `torch-${dtype}.onnx`)), `torch-${dtype}.onnx`);
        assert.ok(imported.ok, imported.ok ? '' : imported.error);
        assert.match(imported.text, /written by pytorch/);
        assert.match(imported.text, /layer output +y\[3\] softmax/);
        assert.match(imported.text, /loss crossentropy/);
        const ours = outputsOf(imported.text, torch[dtype].inputs);
        // float64: the same sums in another order; float32: torch computed in float32, we in float64 from the same weights.
        const tolerance = dtype === 'float64' ? 1e-12 : 1e-5;
        ours.forEach((row, s) => row.forEach((v, j) => assert.ok(Math.abs(v - torch[dtype].outputs[s][j]) <= tolerance, `${dtype} sample ${s} output ${j}: nnet ${v}, torch ${torch[dtype].outputs[s][j]}`)));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the unsupported op and node, and never throws on junk', () => {
    const { network } = allNetworks()[0];
    const model = onnx.ModelProto.decode(toOnnx(network));
    (model.graph as onnx.GraphProto).node[1].opType = 'Elu';
    const result = fromOnnx(onnx.ModelProto.encode(model).finish(), 'elu.onnx');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /^elu\.onnx: node 'hidden\.sigmoid' uses the operator 'Elu', which import does not support/);
    for (const junk of [new Uint8Array(0), Uint8Array.from([0xff, 0xff, 0xff, 0x0f]), new TextEncoder().encode('layer input x[2]')]) {
      const r = fromOnnx(junk, 'junk.onnx');
      assert.equal(r.ok, false);
    }
  });

  it('the imported text gives the same outputs as the original network', () => {
    for (const { network } of allNetworks()) {
      const imported = fromOnnx(toOnnx(network, { dtype: 'float64' }));
      assert.ok(imported.ok);
      const back = networkOf(imported.text);
      assert.deepEqual(Array.from(engineOutputs({ ...back, samples: network.samples })), Array.from(engineOutputs(network)));
    }
  });
});
