// Helpers for running exported networks in runtimes we did not write, and the engine's own numbers to compare with.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { createWorkspace, forward } from '../../../src/core/engine/kernel';
import { networkSampleSet, toEngineSpec } from '../../../src/core/engine/spec';
import type { OnnxDtype } from '../../../src/core/export/onnx';
import type { Network } from '../../../src/core/model/network';

/** The engine's outputs for every sample, flattened [sample][output]. */
export function engineOutputs(network: Network): Float64Array {
  const spec = toEngineSpec(network);
  const set = networkSampleSet(network);
  const last = spec.sizes.length - 1;
  const outputs = new Float64Array(set.count * spec.sizes[last]);
  const ws = createWorkspace(spec);
  for (let s = 0; s < set.count; s++) {
    forward(spec, ws, set.inputs, s * set.inputSize);
    outputs.set(ws.out[last], s * spec.sizes[last]);
  }
  return outputs;
}

/** Runs an ONNX model on inputs [count, width] in onnxruntime. */
export async function runOnnx(bytes: Uint8Array, inputs: Float64Array, count: number, dtype: OnnxDtype): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const width = inputs.length / count;
    const data = dtype === 'float64' ? Float64Array.from(inputs) : Float32Array.from(inputs);
    const result = await session.run({ [session.inputNames[0]]: new ort.Tensor(dtype === 'float64' ? 'float64' : 'float32', data, [count, width]) });
    const out = result[session.outputNames[0]];
    return Float64Array.from(out.data as Float32Array | Float64Array);
  } finally {
    await session.release();
  }
}

export function maxRelativeError(actual: Float64Array, expected: Float64Array): number {
  assert.equal(actual.length, expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  return worst;
}


/** tf.io handler for a model.json on disk and the weight files it names beside it. */
export function fileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(path.dirname(modelJsonPath), p)));
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
      return { modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy };
    },
  };
}

