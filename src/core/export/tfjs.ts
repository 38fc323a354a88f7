// Network → a TF.js Layers model: model.json (a Keras-style Sequential topology) and one
// binary weights file, loadable with tf.loadLayersModel. Dense kernels are [inputs, units]
// (the transpose of the .nnet matrix rows); leaky ReLU is a LeakyReLU layer after a linear
// Dense, since Dense has no leaky activation. TF.js computes in float32.
import { LEAKY_SLOPE } from '../engine/activations';
import type { Network } from '../model/network';
import { denseLayers, uniqueIdentifier, unmappedNotes } from './layers';

export interface TfjsExport {
  /** model.json's text. */
  readonly modelJson: string;
  /** The weights file named in the manifest (float32, little-endian). */
  readonly weights: Uint8Array;
  readonly weightsFileName: string;
}

const KERAS_ACTIVATION = { linear: 'linear', sigmoid: 'sigmoid', tanh: 'tanh', relu: 'relu', softmax: 'softmax', leakyrelu: 'linear' } as const;

export function toTfjs(network: Network, options: { weightsFileName?: string; producerVersion?: string } = {}): TfjsExport {
  const weightsFileName = options.weightsFileName ?? 'weights.bin';
  const dense = denseLayers(network);
  const used = new Set<string>();
  const layers: unknown[] = [];
  const specs: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const chunks: Float32Array[] = [];
  dense.forEach((l, k) => {
    const name = uniqueIdentifier(l.name, used);
    const config: Record<string, unknown> = {
      name,
      trainable: true,
      dtype: 'float32',
      units: l.units,
      activation: KERAS_ACTIVATION[l.activation],
      use_bias: !!l.bias,
      kernel_initializer: { class_name: 'Zeros', config: {} },
      bias_initializer: { class_name: 'Zeros', config: {} },
    };
    if (k === 0) config.batch_input_shape = [null, l.inputs];
    layers.push({ class_name: 'Dense', config });
    // Kernel [inputs, units]: kernel[c][r] = the file's weight from source c to destination r.
    const kernel = new Float32Array(l.inputs * l.units);
    for (let r = 0; r < l.units; r++) for (let c = 0; c < l.inputs; c++) kernel[c * l.units + r] = l.kernel[r * l.inputs + c];
    specs.push({ name: `${name}/kernel`, shape: [l.inputs, l.units], dtype: 'float32' });
    chunks.push(kernel);
    if (l.bias) {
      specs.push({ name: `${name}/bias`, shape: [l.units], dtype: 'float32' });
      chunks.push(Float32Array.from(l.bias));
    }
    if (l.activation === 'leakyrelu') {
      layers.push({ class_name: 'LeakyReLU', config: { name: uniqueIdentifier(`${l.name}_leakyrelu`, used), trainable: true, dtype: 'float32', alpha: LEAKY_SLOPE } });
    }
  });
  let total = 0;
  for (const c of chunks) total += c.length;
  const weights = new Uint8Array(total * 4);
  const view = new DataView(weights.buffer);
  let offset = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++, offset += 4) view.setFloat32(offset, c[i], true);
  }
  const model = {
    format: 'layers-model',
    generatedBy: `nnet${options.producerVersion ? ` ${options.producerVersion}` : ''}`,
    convertedBy: null,
    // Not mapped: listed here because model.json has no comments.
    userDefinedMetadata: { nnet: { network: network.name ?? null, notes: unmappedNotes(network, 'tfjs'), nodes: network.layers.map((l) => ({ layer: l.name, nodes: l.nodes.map((x) => x.name), bias: l.bias?.name ?? null })) } },
    modelTopology: {
      class_name: 'Sequential',
      config: { name: uniqueIdentifier(network.name ?? 'nnet', new Set()), layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [weightsFileName], weights: specs }],
  };
  return { modelJson: `${JSON.stringify(model, null, 1)}\n`, weights, weightsFileName };
}
