// Networks the export tests run through other runtimes: the two examples and generated files
// that between them use every activation, both losses, biases and fixed weights.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../../src/core/check';
import type { Network } from '../../../src/core/model/network';

export const ROOT = path.resolve(__dirname, '../../../..');

/** Every activation in the hidden layers, a linear output, mse, a fixed weight and a layer without bias. */
export const EVERY_ACTIVATION = `network every-activation
layer input  x[3]            bias
layer h1     a[4] tanh       bias
layer h2     b[4] relu       bias
layer h3     c[3] leakyrelu
layer h4     d[3] sigmoid    bias
layer output y[2] linear
weights input -> h1 = init uniform -1 1 seed 3
weights h1 -> h2 = init uniform -1 1 seed 4
weights h2 -> h3 = [
  0.4 -0.3 0.2 -0.5 0.1
  -0.6 0.5 -0.2 0.3 -0.1
  0.25 0.35 -0.45 -0.15 0.05
]
weights h3 -> h4 = init uniform -1 1 seed 6
weights h4 -> output = [
  0.3 -0.8 0.5 0.1
  -0.4 0.6 0.2 -0.3
]
a1 -> b2 = 0.75 fixed
loss mse
train backprop rate 0.05 momentum 0.5 online epochs 5
sample 0.5 -1 2 -> 0.3 -0.7
sample -1.5 0.25 0.75 -> 1.2 0.4
sample 0 1 -1 -> -0.5 0.1
sample 2 -0.5 0.3 -> 0.8 -0.9
`;

/** Softmax output with cross-entropy. */
export const SOFTMAX = `network softmax-classifier
layer input  x[4]           bias
layer hidden h[5] relu      bias
layer output y[3] softmax
weights input -> hidden = init uniform -1 1 seed 11
weights hidden -> output = init uniform -1 1 seed 12
loss crossentropy
train adam rate 0.01 batch 2 epochs 6 seed 5
sample 0.2 -0.4 1.0 0.5 -> 1 0 0
sample -1.0 0.3 0.1 0.9 -> 0 1 0
sample 0.7 0.8 -0.6 -0.2 -> 0 0 1
sample 0.1 0.1 0.1 0.1 -> 0 1 0
sample -0.3 -0.9 0.4 0.2 -> 1 0 0
`;

/** Sigmoid outputs with (binary) cross-entropy and fixed biases. */
export const SIGMOID_CROSSENTROPY = `network sigmoid-crossentropy
layer input  x[2]            bias B1
layer hidden h[3] tanh       bias B2
layer output y[2] sigmoid
weights input -> hidden = [
  0.5 -0.4 0.1
  -0.3 0.8 -0.2
  0.6 0.2 0.05
]
h1 -> y1 = 0.7
h2 -> y1 = -0.5
h3 -> y1 = 0.3
B2 -> y1 = 0.2 fixed
h1 -> y2 = -0.6
h2 -> y2 = 0.4
h3 -> y2 = 0.9
B2 -> y2 = -0.1 fixed
loss crossentropy
train backprop rate 0.3 batch epochs 8
sample 0 1 -> 1 0
sample 1 0 -> 0 1
sample 1 1 -> 1 1
sample 0 0 -> 0 0
`;

export function readExample(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
}

export function networkOf(text: string): Network {
  const result = check(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.hasErrors || !result.network) throw new Error(`test network has errors: ${errors.map((d) => d.message).join('; ')}`);
  return result.network;
}

/** Every network the export tests use, by name. */
export function allNetworks(): { name: string; text: string; network: Network }[] {
  const texts: [string, string][] = [
    ['heaton-xor', readExample('heaton-xor.nnet')],
    ['matrix', readExample('matrix.nnet')],
    ['every-activation', EVERY_ACTIVATION],
    ['softmax', SOFTMAX],
    ['sigmoid-crossentropy', SIGMOID_CROSSENTROPY],
  ];
  return texts.map(([name, text]) => ({ name, text, network: networkOf(text) }));
}
