// Writes the .nnet text of an imported network: layer lines, one weight matrix per layer pair
// (rows = destination nodes, the bias column last) and a loss line, with a comment naming the
// source. Names come from nnet's own metadata when the model was exported by nnet.
import { ACTIVATIONS, type Activation } from '../vocabulary';
import { commentText } from './layers';
import type { NnetLayerMetadata } from './onnx';

export interface ImportedLayer {
  readonly units: number;
  readonly inputs: number;
  /** units × inputs, row-major. */
  readonly kernel: Float64Array;
  readonly bias?: Float64Array;
  readonly activation: Activation;
  /** Stored as float32: printed with the fewest digits that give the same float32. */
  readonly float32: boolean;
}

export interface NnetSource {
  readonly sourceName: string;
  readonly producer?: string;
  readonly opset?: number;
  readonly graphName?: string;
  readonly inputName: string;
  readonly layers: readonly ImportedLayer[];
  readonly metadata?: NnetLayerMetadata;
}

/** The shortest decimal that reads back as the same float32 (or, for doubles, the same double). */
function formatWeight(x: number, float32: boolean): string {
  if (Object.is(x, -0)) return '0';
  if (!float32) return String(x);
  for (let digits = 1; digits <= 9; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(x);
}

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words a layer line reads as something else than a name. */
const TAKEN_WORDS = new Set<string>([...ACTIVATIONS, 'bias']);

/**
 * Whether the names in nnet's metadata can be written back: plain words, none of the language's
 * words, all different (a layer's, its nodes' and its bias node's). Anything else (a hand-edited
 * or hostile model) falls back to generated names rather than writing a broken file.
 */
function namesFit(metadata: NnetLayerMetadata, sizes: readonly number[], layers: readonly ImportedLayer[]): boolean {
  if (!Array.isArray(metadata.layers) || metadata.layers.length !== sizes.length) return false;
  const seen = new Set<string>();
  const fresh = (name: unknown): boolean => typeof name === 'string' && WORD.test(name) && !TAKEN_WORDS.has(name) && !seen.has(name) && !!seen.add(name);
  return metadata.layers.every((l: NnetLayerMetadata['layers'][number] | null, k) => {
    if (!l || typeof l !== 'object' || !Array.isArray(l.nodes) || l.nodes.length !== sizes[k]) return false;
    if (k < sizes.length - 1 && !!l.bias !== !!layers[k].bias) return false;
    if (k > 0 && l.activation !== layers[k - 1].activation) return false;
    return fresh(l.name) && l.nodes.every(fresh) && (l.bias === undefined || l.bias === null || l.bias === '' || fresh(l.bias));
  });
}

/** Layer and node names: nnet's own when the metadata fits the graph, else input x, hidden a, b, …, output y. */
function names(source: NnetSource): { layer: string; nodes: string; bias?: string }[] {
  const { layers, metadata } = source;
  const sizes = [layers[0].inputs, ...layers.map((l) => l.units)];
  if (metadata && namesFit(metadata, sizes, layers)) return metadata.layers.map((l) => ({ layer: l.name, nodes: l.nodes.join(' '), bias: l.bias }));
  const letters = 'abcdefghijklmnopqrstuvw';
  return sizes.map((n, k) => {
    const last = k === sizes.length - 1;
    const base = k === 0 ? 'x' : last ? 'y' : k <= letters.length ? letters[k - 1] : `h${k}_`;
    const layer = k === 0 ? 'input' : last ? 'output' : sizes.length === 3 ? 'hidden' : `hidden${k}`;
    return { layer, nodes: `${base}[${n}]` };
  });
}

export function writeNnet(source: NnetSource): string {
  const { layers } = source;
  const named = names(source);
  const lines: string[] = [];
  const about = [source.producer ? `written by ${source.producer}` : undefined, source.opset !== undefined ? `opset ${source.opset}` : undefined].filter((x) => x);
  lines.push(commentText(`# Imported by nnet from ${source.sourceName}${about.length ? ` (${about.join(', ')})` : ''}.`));
  if (layers.some((l) => l.float32)) lines.push('# Its weights are float32: each is written with the fewest digits that give the same float32.');
  lines.push('# ONNX holds no loss, training settings or samples: add `train` and `sample` lines (or `data`) to train here.');
  const title = source.metadata?.network ?? source.graphName;
  if (title && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(title)) lines.push(`network ${title}`);
  lines.push('');
  const width = named.reduce((w, n) => Math.max(w, n.layer.length), 0);
  named.forEach((n, k) => {
    const activation = k === 0 ? '' : ` ${layers[k - 1].activation}`;
    const hasBias = k < layers.length && layers[k].bias !== undefined;
    const bias = hasBias ? (source.metadata && n.bias ? ` bias ${n.bias}` : ' bias') : '';
    lines.push(`layer ${n.layer.padEnd(width)} ${n.nodes}${activation}${bias}`);
  });
  layers.forEach((l, k) => {
    lines.push('');
    lines.push(`weights ${named[k].layer} -> ${named[k + 1].layer} = [`);
    for (let r = 0; r < l.units; r++) {
      const row: string[] = [];
      for (let c = 0; c < l.inputs; c++) row.push(formatWeight(l.kernel[r * l.inputs + c], l.float32));
      if (l.bias) row.push(formatWeight(l.bias[r], l.float32));
      lines.push(`  ${row.join(' ')}`);
    }
    lines.push(']');
  });
  const output = layers[layers.length - 1].activation;
  const loss = source.metadata?.loss === 'crossentropy' || source.metadata?.loss === 'mse' ? source.metadata.loss : output === 'softmax' ? 'crossentropy' : 'mse';
  lines.push('');
  lines.push(`loss ${loss}`);
  return `${lines.join('\n')}\n`;
}
