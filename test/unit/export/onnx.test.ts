// ONNX export checked by a runtime we did not write: onnxruntime-node (CPU) runs every exported
// model on every sample and must give the engine's outputs.
import * as assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { networkSampleSet } from '../../../src/core/engine/spec';
import { ONNX_IR_VERSION, ONNX_OPSET, toOnnx } from '../../../src/core/export/onnx';
import { allNetworks } from './networks';
import { engineOutputs, maxRelativeError, runOnnx } from './runtimes';

describe('export: ONNX in onnxruntime', function () {
  this.timeout(60000);
  for (const { name, network } of allNetworks()) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${name} (${dtype}) gives the engine's outputs`, async () => {
        const bytes = toOnnx(network, { dtype });
        const set = networkSampleSet(network);
        const expected = engineOutputs(network);
        const actual = await runOnnx(bytes, set.inputs, set.count, dtype);
        const error = maxRelativeError(actual, expected);
        // float64: the same sums in another order; float32: weights and inputs rounded to 24 bits.
        assert.ok(error <= (dtype === 'float64' ? 1e-12 : 1e-5), `${name} ${dtype}: max relative error ${error}`);
      });
    }
  }

  it('states IR version, opset, a batch dimension and the file names', () => {
    const { network } = allNetworks()[0];
    const model = onnx.ModelProto.decode(toOnnx(network));
    const graph = model.graph as onnx.GraphProto;
    assert.equal(Number(model.irVersion), ONNX_IR_VERSION);
    assert.equal(Number(model.opsetImport[0]!.version), ONNX_OPSET);
    assert.ok(ONNX_OPSET >= 13);
    const input = graph.input[0];
    assert.equal(input.name, 'input');
    assert.equal(input.type?.tensorType?.shape?.dim?.[0]?.dimParam, 'batch');
    assert.deepEqual(graph.node.map((n) => n.opType), ['Gemm', 'Sigmoid', 'Gemm', 'Sigmoid']);
    assert.match(String(graph.node[0].docString), /H1 H2 from I1 I2 and bias B1/);
    assert.match(String(model.docString), /convention heaton/);
    assert.equal(graph.output[0].name, 'output');
  });
});
