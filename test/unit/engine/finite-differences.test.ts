// Every activation × loss × convention against central finite differences.
import * as assert from 'node:assert/strict';
import { check, computeSample, networkSampleSet, toEngineSpec, totalError, type Convention } from '../../../src/core';

const HIDDEN = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyrelu'] as const;
const OUTPUTS: { activation: string; loss: string; outputs: number; targets: number[][] }[] = [
  { activation: 'linear', loss: 'mse', outputs: 2, targets: [[0.3, -0.8], [1.2, 0.1]] },
  { activation: 'sigmoid', loss: 'mse', outputs: 2, targets: [[0.2, 0.9], [1, 0]] },
  { activation: 'tanh', loss: 'mse', outputs: 2, targets: [[-0.5, 0.4], [0.7, -0.2]] },
  { activation: 'relu', loss: 'mse', outputs: 2, targets: [[0.5, 1.5], [0.2, 0.3]] },
  { activation: 'leakyrelu', loss: 'mse', outputs: 2, targets: [[0.5, -1.5], [0.2, 0.3]] },
  { activation: 'sigmoid', loss: 'crossentropy', outputs: 2, targets: [[0, 1], [0.3, 0.6]] },
  { activation: 'softmax', loss: 'crossentropy', outputs: 3, targets: [[0, 1, 0], [0.2, 0.3, 0.5]] },
  { activation: 'tanh', loss: 'crossentropy', outputs: 1, targets: [[0.3], [0.8]] },
];

/** A 3-4-N network with weights chosen so that no relu sits on its kink. */
function networkText(hidden: string, output: (typeof OUTPUTS)[number], convention: Convention): string {
  const lines = [
    `convention ${convention}`,
    `layer input a b c bias`,
    `layer hidden h[4] ${hidden} bias`,
    `layer output y[${output.outputs}] ${output.activation}`,
    `weights input -> hidden = init uniform -0.9 0.9 seed 11`,
    `weights hidden -> output = init uniform -0.7 0.7 seed 12`,
    `loss ${output.loss}`,
    `sample 0.5 -1.2 0.8 -> ${output.targets[0].join(' ')}`,
    `sample -0.3 0.9 1.1 -> ${output.targets[1].join(' ')}`,
  ];
  if (output.activation === 'tanh' && output.loss === 'crossentropy') {
    // crossentropy needs outputs in (0, 1): keep tanh's net positive with positive weights and inputs.
    lines[4] = 'weights input -> hidden = init uniform 0.1 0.9 seed 11';
    lines[5] = 'weights hidden -> output = init uniform 0.05 0.4 seed 12';
    lines[7] = 'sample 0.5 0.2 0.8 -> 0.3';
    lines[8] = 'sample 0.3 0.9 1.1 -> 0.8';
  }
  return lines.join('\n');
}

describe('engine: gradients against central finite differences', () => {
  for (const hidden of HIDDEN) {
    for (const output of OUTPUTS) {
      for (const convention of ['calculus', 'heaton'] as const) {
        it(`${hidden} hidden, ${output.activation} output, ${output.loss}, ${convention}`, () => {
          const result = check(networkText(hidden, output, convention));
          assert.ok(result.network, JSON.stringify(result.diagnostics));
          assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
          const network = result.network;
          const spec = toEngineSpec(network);
          const data = networkSampleSet(network);
          // Analytic gradient summed over the samples, in the file's convention.
          const analytic = spec.weights.map((w) => new Float64Array(w.length));
          for (let s = 0; s < data.count; s++) {
            const r = computeSample(network, s);
            r.gradients.forEach((g, k) => g.forEach((v, i) => (analytic[k][i] += v)));
            // Relu kinks would make the derivative undefined: the fixture avoids them.
            for (const layer of r.layers.slice(1)) for (const net of layer.net) assert.ok(Math.abs(net) > 1e-4);
          }
          const sign = convention === 'heaton' ? -1 : 1;
          const h = 1e-6;
          let checked = 0;
          spec.weights.forEach((w, k) => {
            for (let i = 0; i < w.length; i++) {
              const original = w[i];
              w[i] = original + h;
              const plus = totalError(spec, data);
              w[i] = original - h;
              const minus = totalError(spec, data);
              w[i] = original;
              const numeric = (sign * (plus - minus)) / (2 * h);
              const a = analytic[k][i];
              const scale = Math.max(Math.abs(numeric), 1e-3);
              assert.ok(Math.abs(a - numeric) / scale < 1e-6, `weight ${k}:${i}: analytic ${a}, numeric ${numeric}`);
              checked++;
            }
          });
          assert.equal(checked, 4 * 4 + 5 * output.outputs);
        });
      }
    }
  }
});
