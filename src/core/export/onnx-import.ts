// ONNX model (bytes) → .nnet text. Reads the multilayer perceptrons that nnet and PyTorch's
// torch.onnx.export write: a chain of Gemm (or MatMul + Add) nodes, each optionally followed
// by Sigmoid, Tanh, Relu, LeakyRelu (alpha 0.01), Softmax (last axis) or Identity. Anything
// else is refused with the op and node named. Never throws.
import { onnx } from 'onnx-proto';
import { LEAKY_SLOPE } from '../engine/activations';
import type { Activation } from '../vocabulary';
import { NNET_METADATA_KEY, type NnetLayerMetadata } from './onnx';
import { writeNnet, type ImportedLayer } from './nnet-text';

export type ImportResult = { readonly ok: true; readonly text: string; readonly layers: number } | { readonly ok: false; readonly error: string };

interface Tensor {
  readonly dims: number[];
  readonly values: Float64Array;
  readonly float32: boolean;
}

const ACTIVATION_OF_OP: Record<string, Activation> = { Sigmoid: 'sigmoid', Tanh: 'tanh', Relu: 'relu', LeakyRelu: 'leakyrelu', Softmax: 'softmax' };

class ImportError extends Error {}

function fail(message: string): never {
  throw new ImportError(message);
}

function nodeLabel(node: onnx.INodeProto, index: number): string {
  return node.name ? `'${node.name}'` : `#${index + 1}`;
}

function readTensor(t: onnx.ITensorProto): Tensor {
  const dims = (t.dims ?? []).map((d) => Number(d));
  const count = dims.reduce((a, b) => a * b, 1);
  const type = t.dataType ?? 0;
  if (type !== onnx.TensorProto.DataType.FLOAT && type !== onnx.TensorProto.DataType.DOUBLE) {
    fail(`tensor '${t.name}' has data type ${onnx.TensorProto.DataType[type] ?? type}; only float and double weights can be imported`);
  }
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) fail(`tensor '${t.name}' keeps its data in an external file, which import does not read`);
  const float32 = type === onnx.TensorProto.DataType.FLOAT;
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`tensor '${t.name}' has the shape [${dims.join(', ')}]`);
  // The data's length is checked before anything is allocated: a shape can claim any size.
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const have = raw ? raw.length / (float32 ? 4 : 8) : ((float32 ? t.floatData : t.doubleData)?.length ?? 0);
  if (have !== count) fail(`tensor '${t.name}' has ${raw ? `${raw.length} bytes of data` : `${have} values`} for shape [${dims.join(', ')}] (${count} values)`);
  const values = new Float64Array(count);
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) values[i] = float32 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
  } else {
    const list = float32 ? (t.floatData ?? []) : (t.doubleData ?? []);
    for (let i = 0; i < count; i++) values[i] = list[i];
  }
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(values[i])) fail(`tensor '${t.name}' holds ${values[i]} at position ${i + 1}; weights must be finite numbers`);
  }
  return { dims, values, float32 };
}

function attribute(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

function intAttribute(node: onnx.INodeProto, name: string, fallback: number): number {
  const a = attribute(node, name);
  return a ? Number(a.i ?? 0) : fallback;
}

function floatAttribute(node: onnx.INodeProto, name: string, fallback: number): number {
  const a = attribute(node, name);
  return a ? Number(a.f ?? 0) : fallback;
}

/** A [rows, columns] matrix read as units × inputs (rows = destination nodes); `transposed` when stored [inputs, units]. */
function kernelOf(t: Tensor, transposed: boolean, what: string): { units: number; inputs: number; kernel: Float64Array } {
  if (t.dims.length !== 2) fail(`${what} has shape [${t.dims.join(', ')}]; a weight matrix has two dimensions`);
  const [a, b] = t.dims;
  if (!transposed) return { units: a, inputs: b, kernel: t.values };
  const kernel = new Float64Array(a * b);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) kernel[j * a + i] = t.values[i * b + j];
  return { units: b, inputs: a, kernel };
}

function biasOf(t: Tensor, units: number, what: string): Float64Array {
  const n = t.values.length;
  if (n === units) return t.values;
  if (n === 1) return new Float64Array(units).fill(t.values[0]);
  return fail(`${what} has ${n} values for ${units} nodes`);
}

/** Parses the chain of layers; `current` follows the single value flowing through the graph. */
function readLayers(graph: onnx.IGraphProto): { inputName: string; layers: ImportedLayer[] } {
  const tensors = new Map<string, Tensor>();
  for (const t of graph.initializer ?? []) tensors.set(t.name ?? '', readTensor(t));
  const nodes = graph.node ?? [];
  for (const node of nodes) {
    if (node.opType === 'Constant') {
      const value = attribute(node, 'value');
      if (!value?.t) fail(`Constant node ${nodeLabel(node, nodes.indexOf(node))} has no tensor value`);
      tensors.set(node.output?.[0] ?? '', readTensor(value.t));
    }
  }
  const inputs = (graph.input ?? []).filter((v) => !tensors.has(v.name ?? ''));
  if (inputs.length !== 1) fail(`the graph has ${inputs.length} inputs; import reads networks with one input`);
  const inputName = inputs[0].name ?? '';
  let current = inputName;
  const layers: ImportedLayer[] = [];
  const constant = (name: string | undefined | null, node: onnx.INodeProto, index: number): Tensor =>
    tensors.get(name ?? '') ?? fail(`node ${nodeLabel(node, index)} (${node.opType}) takes '${name}', which is not a weight tensor: import reads chains of layers`);
  const last = (): ImportedLayer | undefined => layers[layers.length - 1];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const op = node.opType ?? '';
    if (op === 'Constant') continue;
    const ins = node.input ?? [];
    if (ins[0] !== current && !(op === 'Max' && ins[1] === current)) {
      fail(`node ${nodeLabel(node, i)} (${op}) does not continue the chain from '${current}': import reads one layer after another`);
    }
    const label = `node ${nodeLabel(node, i)}`;
    if (op === 'Gemm') {
      if (floatAttribute(node, 'alpha', 1) !== 1 || floatAttribute(node, 'beta', 1) !== 1 || intAttribute(node, 'transA', 0) !== 0) {
        fail(`${label} (Gemm) scales or transposes its input (alpha, beta, transA); import reads plain Gemm layers`);
      }
      const w = kernelOf(constant(ins[1], node, i), intAttribute(node, 'transB', 0) === 0, `${label}'s weight '${ins[1]}'`);
      const bias = ins[2] ? biasOf(constant(ins[2], node, i), w.units, `${label}'s bias '${ins[2]}'`) : undefined;
      layers.push({ ...w, bias, activation: 'linear', float32: tensors.get(ins[1])!.float32 });
    } else if (op === 'MatMul') {
      const w = kernelOf(constant(ins[1], node, i), true, `${label}'s weight '${ins[1]}'`);
      layers.push({ ...w, activation: 'linear', float32: tensors.get(ins[1])!.float32 });
    } else if (op === 'Add' && last() && !last()!.bias && last()!.activation === 'linear' && nodes[i - 1]?.opType === 'MatMul') {
      const l = last()!;
      layers[layers.length - 1] = { ...l, bias: biasOf(constant(ins[1], node, i), l.units, `${label}'s bias '${ins[1]}'`) };
    } else if (op === 'Identity' || op === 'Dropout') {
      // passes the value on unchanged (at inference)
    } else if (op === 'Mul' && nodes[i + 1]?.opType === 'Max') {
      // nnet's float64 leaky ReLU: Max(net, Mul(net, 0.01)).
      const slope = constant(ins[1], node, i);
      const max = nodes[i + 1];
      const maxIns = max.input ?? [];
      const takesBoth = maxIns.includes(current) && maxIns.includes(node.output?.[0] ?? '');
      if (slope.values.length !== 1 || Math.abs(slope.values[0] - LEAKY_SLOPE) > 1e-7 || !takesBoth) fail(`${label} (Mul) is not part of a leaky ReLU with slope ${LEAKY_SLOPE}`);
      setActivation(last(), 'leakyrelu', label, op);
      current = max.output?.[0] ?? '';
      i++;
      continue;
    } else if (Object.hasOwn(ACTIVATION_OF_OP, op)) {
      const activation = ACTIVATION_OF_OP[op];
      if (activation === 'leakyrelu' && Math.abs(floatAttribute(node, 'alpha', 0.01) - LEAKY_SLOPE) > 1e-7) {
        fail(`${label} (LeakyRelu) has alpha ${floatAttribute(node, 'alpha', 0.01)}; nnet's leaky ReLU has slope ${LEAKY_SLOPE}`);
      }
      if (activation === 'softmax') {
        const axis = intAttribute(node, 'axis', -1);
        if (axis !== -1 && axis !== 1) fail(`${label} (Softmax) is over axis ${axis}; nnet's softmax is over the nodes of a layer (the last axis)`);
      }
      setActivation(last(), activation, label, op);
    } else {
      fail(`${label} uses the operator '${op}', which import does not support (it reads Gemm, MatMul + Add, Sigmoid, Tanh, Relu, LeakyRelu, Softmax and Identity)`);
    }
    current = node.output?.[0] ?? '';
  }
  const outputs = graph.output ?? [];
  if (outputs.length !== 1 || outputs[0].name !== current) fail(`the graph's output is not the end of the chain of layers ('${current}')`);
  if (layers.length === 0) fail('the graph has no Gemm or MatMul layer');
  for (let k = 1; k < layers.length; k++) {
    if (layers[k].inputs !== layers[k - 1].units) fail(`layer ${k + 1} takes ${layers[k].inputs} inputs but the layer before it has ${layers[k - 1].units} nodes`);
  }
  return { inputName, layers };
}

function setActivation(layer: ImportedLayer | undefined, activation: Activation, label: string, op: string): void {
  if (!layer) return fail(`${label} (${op}) comes before any Gemm or MatMul layer`);
  if (layer.activation !== 'linear') fail(`${label} (${op}) follows another activation; a layer has one activation`);
  (layer as { activation: Activation }).activation = activation;
}

function metadataOf(model: onnx.IModelProto): NnetLayerMetadata | undefined {
  const entry = (model.metadataProps ?? []).find((p) => p.key === NNET_METADATA_KEY);
  if (!entry?.value) return undefined;
  try {
    return JSON.parse(entry.value) as NnetLayerMetadata;
  } catch {
    return undefined;
  }
}

/** Reads an ONNX model and writes the .nnet file for it. `sourceName` is named in the file's first comment. */
export function fromOnnx(bytes: Uint8Array, sourceName = 'an ONNX model'): ImportResult {
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    return { ok: false, error: `${sourceName} is not an ONNX model (${(e as Error).message})` };
  }
  if (!model.graph) return { ok: false, error: `${sourceName} has no graph` };
  try {
    const { inputName, layers } = readLayers(model.graph);
    const opset = (model.opsetImport ?? []).find((o) => !o.domain)?.version;
    const producer = [model.producerName, model.producerVersion].filter((x) => x).join(' ');
    const text = writeNnet({
      sourceName,
      producer: producer || undefined,
      opset: opset === undefined ? undefined : Number(opset),
      graphName: model.graph.name ?? undefined,
      inputName,
      layers,
      metadata: metadataOf(model),
    });
    return { ok: true, text, layers: layers.length + 1 };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: `${sourceName}: ${e.message}` };
    return { ok: false, error: `${sourceName}: cannot be read (${(e as Error).message})` };
  }
}
