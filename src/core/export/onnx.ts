// Network → ONNX model (bytes). One Gemm (transB = 1) per layer pair and one node per
// activation; a symbolic batch dimension; node names kept in doc strings and, in full, in the
// model's metadata so that `nnet import` can give them back.
//
// The schema is the official onnx.proto (ONNX 1.10.2, IR version 8) as compiled by the
// `onnx-proto` package (a static protobufjs module): we never encode protobuf by hand.
import { onnx } from 'onnx-proto';
import type { Network } from '../model/network';
import type { Activation } from '../vocabulary';
import { LEAKY_SLOPE } from '../engine/activations';
import { denseLayers, unmappedNotes } from './layers';

export type OnnxDtype = 'float32' | 'float64';

/** IR version 8 (ONNX 1.10) and opset 13: Softmax over the last axis, Gemm with optional C. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;
/** Metadata key under which the exporter stores the file's layer and node names (JSON). */
export const NNET_METADATA_KEY = 'nnet.layers';

/** What the metadata entry holds: enough to write the same `layer` lines back. */
export interface NnetLayerMetadata {
  readonly network?: string;
  readonly loss: string;
  readonly layers: readonly { readonly name: string; readonly nodes: readonly string[]; readonly bias?: string; readonly activation: Activation }[];
}

export interface OnnxExportOptions {
  readonly dtype?: OnnxDtype;
  /** Written to producer_version. */
  readonly producerVersion?: string;
}

const ACTIVATION_OPS: Record<Exclude<Activation, 'linear'>, string> = {
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'Relu',
  leakyrelu: 'LeakyRelu',
  softmax: 'Softmax',
};

/** Little-endian bytes of the values in the chosen precision (TensorProto.raw_data). */
function rawData(values: Float64Array, dtype: OnnxDtype): Uint8Array {
  const size = dtype === 'float64' ? 8 : 4;
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'float64') view.setFloat64(i * 8, values[i], true);
    else view.setFloat32(i * 4, values[i], true);
  }
  return bytes;
}

function tensor(name: string, dims: number[], values: Float64Array, dtype: OnnxDtype, doc: string): onnx.ITensorProto {
  return {
    name,
    dims,
    dataType: dtype === 'float64' ? onnx.TensorProto.DataType.DOUBLE : onnx.TensorProto.DataType.FLOAT,
    rawData: rawData(values, dtype),
    docString: doc,
  };
}

function valueInfo(name: string, width: number, dtype: OnnxDtype, doc: string): onnx.IValueInfoProto {
  return {
    name,
    docString: doc,
    type: {
      tensorType: {
        elemType: dtype === 'float64' ? onnx.TensorProto.DataType.DOUBLE : onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] },
      },
    },
  };
}

/** The ONNX model of the network, serialized. Inputs and output are [batch, nodes]. */
export function toOnnx(network: Network, options: OnnxExportOptions = {}): Uint8Array {
  const dtype = options.dtype ?? 'float32';
  const dense = denseLayers(network);
  const input = network.layers[0];
  const nodes: onnx.INodeProto[] = [];
  const initializer: onnx.ITensorProto[] = [];
  // Value names: the input layer's name, then each layer's name for its output; `.net` before the activation.
  const used = new Set<string>();
  const unique = (name: string): string => {
    let n = name;
    for (let i = 2; used.has(n); i++) n = `${name}_${i}`;
    used.add(n);
    return n;
  };
  let current = unique(input.name);
  dense.forEach((layer, k) => {
    const W = unique(`${network.layers[k].name}->${layer.name}.weight`);
    initializer.push(tensor(W, [layer.units, layer.inputs], layer.kernel, dtype, `rows ${layer.unitNodes.join(' ')}; columns ${layer.sourceNodes.join(' ')}`));
    const gemmInputs = [current, W];
    if (layer.bias) {
      const B = unique(`${network.layers[k].name}->${layer.name}.bias`);
      initializer.push(tensor(B, [layer.units], layer.bias, dtype, `bias node ${layer.biasNode} → ${layer.unitNodes.join(' ')}`));
      gemmInputs.push(B);
    }
    const linear = layer.activation === 'linear';
    const net = unique(linear ? layer.name : `${layer.name}.net`);
    nodes.push({
      name: `${layer.name}.gemm`,
      opType: 'Gemm',
      input: gemmInputs,
      output: [net],
      attribute: [{ name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
      docString: `net of ${layer.unitNodes.join(' ')} from ${layer.sourceNodes.join(' ')}${layer.biasNode ? ` and bias ${layer.biasNode}` : ''}`,
    });
    current = net;
    if (linear) return;
    const act = layer.activation as Exclude<Activation, 'linear'>;
    const out = unique(layer.name);
    if (act === 'leakyrelu' && dtype === 'float64') {
      // ONNX Runtime's CPU LeakyRelu has no double kernel; max(net, 0.01·net) is the same function, exactly.
      const slope = unique(`${layer.name}.slope`);
      const scaled = unique(`${layer.name}.scaled`);
      initializer.push(tensor(slope, [], Float64Array.of(LEAKY_SLOPE), dtype, 'leaky ReLU slope'));
      nodes.push({ name: `${layer.name}.leakyrelu.scale`, opType: 'Mul', input: [net, slope], output: [scaled], docString: `leaky ReLU of ${layer.unitNodes.join(' ')}: ${LEAKY_SLOPE}·net` });
      nodes.push({ name: `${layer.name}.leakyrelu`, opType: 'Max', input: [net, scaled], output: [out], docString: `leaky ReLU of ${layer.unitNodes.join(' ')}: max(net, ${LEAKY_SLOPE}·net)` });
      current = out;
      return;
    }
    const attribute: onnx.IAttributeProto[] = [];
    if (act === 'leakyrelu') attribute.push({ name: 'alpha', type: onnx.AttributeProto.AttributeType.FLOAT, f: LEAKY_SLOPE });
    if (act === 'softmax') attribute.push({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 });
    nodes.push({ name: `${layer.name}.${act}`, opType: ACTIVATION_OPS[act], input: [net], output: [out], attribute, docString: `out of ${layer.unitNodes.join(' ')}` });
    current = out;
  });
  const output = network.layers[network.layers.length - 1];
  const metadata: NnetLayerMetadata = {
    network: network.name,
    loss: network.loss,
    layers: network.layers.map((l) => ({ name: l.name, nodes: l.nodes.map((x) => x.name), bias: l.bias?.name, activation: l.activation })),
  };
  const notes = unmappedNotes(network, 'onnx');
  const model: onnx.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'nnet',
    producerVersion: options.producerVersion ?? '',
    docString: [`Exported by nnet from network ${network.name ?? '(unnamed)'} (${dtype}).`, ...notes.map((n) => `Not mapped: ${n}`)].join('\n'),
    metadataProps: [{ key: NNET_METADATA_KEY, value: JSON.stringify(metadata) }],
    graph: {
      name: network.name ?? 'nnet',
      node: nodes,
      initializer,
      input: [valueInfo(input.name, input.nodes.length, dtype, `inputs ${input.nodes.map((x) => x.name).join(' ')}`)],
      output: [valueInfo(current, output.nodes.length, dtype, `outputs ${output.nodes.map((x) => x.name).join(' ')}`)],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
