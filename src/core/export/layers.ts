// What every export format needs from a Network: per layer pair the kernel (rows = destination
// nodes, columns = source nodes, row-major as the file writes it), the bias vector when the
// source layer has a bias node, the destination's activation and which weights are fixed.
import type { Network } from '../model/network';
import type { Activation } from '../vocabulary';

export interface DenseLayer {
  /** Name of the destination layer (`hidden`, `output`). */
  readonly name: string;
  /** Source and destination node counts. */
  readonly inputs: number;
  readonly units: number;
  /** units × inputs, row r = destination node r (PyTorch's `Linear.weight`, ONNX Gemm with transB = 1). */
  readonly kernel: Float64Array;
  /** One per destination node, present when the source layer has a bias node. */
  readonly bias?: Float64Array;
  readonly activation: Activation;
  /** Same layouts as kernel and bias: 1 where the file marks the weight `fixed`. */
  readonly kernelFixed: Uint8Array;
  readonly biasFixed?: Uint8Array;
  /** Node names, for comments and names in the exported file. */
  readonly sourceNodes: readonly string[];
  readonly biasNode?: string;
  readonly unitNodes: readonly string[];
}

export function denseLayers(network: Network): DenseLayer[] {
  return network.weights.map((m, k) => {
    const source = network.layers[k];
    const dest = network.layers[k + 1];
    const n = source.nodes.length;
    const rows = dest.nodes.length;
    const kernel = new Float64Array(rows * n);
    const kernelFixed = new Uint8Array(rows * n);
    const bias = source.bias ? new Float64Array(rows) : undefined;
    const biasFixed = source.bias ? new Uint8Array(rows) : undefined;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < n; c++) {
        kernel[r * n + c] = m.values[r * m.columns + c];
        kernelFixed[r * n + c] = m.fixed[r * m.columns + c];
      }
      if (bias && biasFixed) {
        bias[r] = m.values[r * m.columns + n];
        biasFixed[r] = m.fixed[r * m.columns + n];
      }
    }
    return {
      name: dest.name,
      inputs: n,
      units: rows,
      kernel,
      bias,
      activation: dest.activation,
      kernelFixed,
      biasFixed,
      sourceNodes: source.nodes.map((x) => x.name),
      biasNode: source.bias?.name,
      unitNodes: dest.nodes.map((x) => x.name),
    };
  });
}

/** Whether any weight of the network is `fixed`. */
function hasFixedWeights(network: Network): boolean {
  return network.weights.some((m) => m.fixed.some((f) => f !== 0));
}

/** The notes every export repeats where a format cannot say something the file says. */
export function unmappedNotes(network: Network, format: 'onnx' | 'pytorch' | 'tfjs'): string[] {
  const notes: string[] = [];
  if (network.convention === 'heaton') {
    notes.push("'convention heaton' changes only how δ and gradients are shown (sign); the network and its outputs are the same, so nothing is exported for it.");
  }
  if (format !== 'pytorch' && hasFixedWeights(network)) {
    notes.push(`fixed weights: ${format === 'onnx' ? 'ONNX stores values only, so' : 'TF.js marks whole layers trainable, so'} the 'fixed' marks are not kept; the values are.`);
  }
  if (format !== 'pytorch') notes.push(`the loss (${network.loss}) and the training settings are not part of ${format === 'onnx' ? 'an ONNX inference graph' : 'a TF.js model.json'}.`);
  return notes;
}

/**
 * `text` safe inside a `#` comment line of a generated file (Python, .nnet): control characters,
 * line breaks included, are written as `\xNN`, so a file or network name cannot end the comment.
 */
export function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A unique identifier for a layer in an exported program or model: `name` with every character
 * but letters, digits and `_` turned into `_`, `layer_` in front when it does not start with a
 * letter, `_layer` after it when it is `reserved` (PyTorch: Python keywords and nn.Module
 * attributes), `_2`, `_3`, … when already `used`.
 */
export function uniqueIdentifier(name: string, used: Set<string>, reserved: ReadonlySet<string> = new Set()): string {
  let base = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z]/.test(base)) base = `layer_${base}`;
  if (reserved.has(base)) base = `${base}_layer`;
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base}_${i}`;
  used.add(n);
  return n;
}
