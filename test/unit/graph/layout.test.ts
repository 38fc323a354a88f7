// The graph's layout: every node placed, none overlapping, bias nodes last and apart, and
// big networks reduced to a drawing that says what it left out.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, type Network } from '../../../src/core';
import { createDataReader } from '../../../src/node/data-reader';
import { describeReduction, layoutNetwork, type Box, type GraphLayout } from '../../../src/core/graph';
import { ROOT } from '../helpers';

function load(file: string): Network {
  const text = fs.readFileSync(file, 'utf8');
  const result = check(text, { readData: createDataReader(file) });
  assert.ok(result.network, `${file} builds a network`);
  return result.network;
}

function model(text: string): Network {
  const result = check(text);
  assert.ok(result.network, JSON.stringify(result.diagnostics));
  return result.network;
}

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function assertSound(layout: GraphLayout, network: Network, what: string): void {
  // Inside the drawing.
  for (const n of layout.nodes) {
    assert.ok(n.box.x >= 0 && n.box.y >= 0 && n.box.x + n.box.width <= layout.width && n.box.y + n.box.height <= layout.height, `${what}: ${n.name} inside`);
    assert.ok(n.box.x <= n.x - n.r && n.box.x + n.box.width >= n.x + n.r && n.box.y <= n.y - n.r && n.box.y + n.box.height >= n.y + n.r, `${what}: ${n.name}'s box holds its circle`);
  }
  // No two nodes (with their labels) overlap.
  for (let i = 0; i < layout.nodes.length; i++) {
    for (let j = i + 1; j < layout.nodes.length; j++) {
      const a = layout.nodes[i];
      const b = layout.nodes[j];
      assert.ok(!overlap(a.box, b.box), `${what}: ${a.name} and ${b.name} overlap`);
    }
  }
  // Names unique, layers left to right, nodes top to bottom in declaration order, bias last.
  const names = new Set(layout.nodes.map((n) => n.name));
  assert.equal(names.size, layout.nodes.length, `${what}: each node once`);
  network.layers.forEach((layer, k) => {
    const column = layout.nodes.filter((n) => n.layer === k);
    assert.ok(column.length > 0, `${what}: layer ${layer.name} drawn`);
    assert.ok(column.every((n) => n.x === column[0].x), `${what}: layer ${layer.name} in one column`);
    if (k > 0) assert.ok(column[0].x > layout.nodes.find((n) => n.layer === k - 1)!.x, `${what}: layer ${k} right of layer ${k - 1}`);
    for (let i = 1; i < column.length; i++) assert.ok(column[i].y > column[i - 1].y && column[i].index > column[i - 1].index, `${what}: order in ${layer.name}`);
    const bias = column.filter((n) => n.bias);
    assert.equal(bias.length, layer.bias ? 1 : 0, `${what}: bias of ${layer.name}`);
    if (layer.bias) {
      assert.equal(bias[0], column[column.length - 1], `${what}: bias last`);
      assert.equal(bias[0].name, layer.bias.name);
    }
  });
  // Every edge joins drawn nodes of neighbouring layers and names its weight.
  const byName = new Map(layout.nodes.map((n) => [n.name, n]));
  const ids = new Set<string>();
  for (const e of layout.edges) {
    const a = byName.get(e.from);
    const b = byName.get(e.to);
    assert.ok(a && b, `${what}: edge ${e.from}->${e.to} joins drawn nodes`);
    assert.equal(a.layer, e.layer);
    assert.equal(b.layer, e.layer + 1);
    assert.ok(!b.bias, `${what}: nothing flows into a bias`);
    const m = network.weights[e.layer];
    assert.equal(e.index, b.index * m.columns + a.index, `${what}: index of ${e.from}->${e.to}`);
    ids.add(`${e.from}->${e.to}`);
  }
  assert.equal(ids.size, layout.edges.length, `${what}: each edge once`);
  assert.equal(layout.omittedNodes, layout.totalNodes - layout.nodes.length);
  assert.equal(layout.omittedEdges, layout.totalEdges - layout.edges.length);
}

describe('graph: layout', () => {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.nnet'));

  it('finds the examples', () => assert.ok(examples.length >= 3, examples.join(', ')));

  for (const file of examples) {
    it(`places every node of ${file} without overlaps`, () => {
      const network = load(path.join(ROOT, 'examples', file));
      const layout = layoutNetwork(network);
      assertSound(layout, network, file);
    });
  }

  it('draws heaton-xor completely: 7 nodes, 9 edges, full labels, biases B1 and B2 at the bottom', () => {
    const network = load(path.join(ROOT, 'examples', 'heaton-xor.nnet'));
    const layout = layoutNetwork(network);
    assert.equal(layout.nodes.length, 7);
    assert.equal(layout.edges.length, 9);
    assert.equal(layout.detail, 'full');
    assert.equal(layout.reduced, false);
    assert.equal(describeReduction(layout, '|weight|'), '');
    assert.deepEqual(
      layout.nodes.map((n) => n.name),
      ['I1', 'I2', 'B1', 'H1', 'H2', 'B2', 'O1'],
    );
    const y = Object.fromEntries(layout.nodes.map((n) => [n.name, n.y]));
    assert.ok(y.B1 > y.I2 && y.B2 > y.H2, 'bias nodes below the others');
    // The output column is centred against the others.
    assert.ok(Math.abs(y.O1 - (y.H1 + y.B2) / 2) < 1e-9);
  });

  it('reduces 784-128-10 to a light drawing and says what it left out', () => {
    const network = model(
      [
        'layer input x[784]',
        'layer hidden h[128] relu bias',
        'layer output y[10] softmax',
        'weights x -> h = init he seed 1',
        'weights h -> y = init xavier seed 1',
        'loss crossentropy',
      ].join('\n'),
    );
    const layout = layoutNetwork(network); // its time: `npm run bench`
    assertSound(layout, network, '784-128-10');
    assert.equal(layout.reduced, true);
    assert.equal(layout.detail, 'compact');
    assert.equal(layout.totalNodes, 784 + 129 + 10);
    assert.equal(layout.totalEdges, 784 * 128 + 129 * 10);
    assert.ok(layout.nodes.length <= 32 + 33 + 10, `${layout.nodes.length} nodes drawn`);
    assert.ok(layout.edges.length <= 320 && layout.edges.length > 100, `${layout.edges.length} edges drawn`);
    assert.equal(layout.columns[0].shown, 32);
    assert.equal(layout.columns[2].shown, 10);
    assert.ok(layout.columns[0].moreY !== undefined && layout.columns[2].moreY === undefined);
    assert.equal(layout.bundles.length, 2);
    assert.equal(layout.bundles[0].total, 784 * 128);
    // The drawn edges of a pair are its strongest among the drawn nodes.
    const m = network.weights[1];
    const drawn = layout.edges.filter((e) => e.layer === 1).map((e) => Math.abs(m.values[e.index]));
    const weakestDrawn = Math.min(...drawn);
    const shownH = new Set(layout.nodes.filter((n) => n.layer === 1).map((n) => n.index));
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.columns; c++) {
        const i = r * m.columns + c;
        if (!shownH.has(c) || layout.edges.some((e) => e.layer === 1 && e.index === i)) continue;
        assert.ok(Math.abs(m.values[i]) <= weakestDrawn, 'no left-out edge between drawn nodes is stronger than a drawn one');
      }
    }
    const text = describeReduction(layout, '|weight|');
    assert.match(text, /32 of 784 nodes of input/);
    assert.match(text, /32 of 128 nodes of hidden/);
    assert.match(text, /of 101,642 weights/);
  });

  it('ranks by the metric it is given (|gradient| instead of |weight|)', () => {
    const network = model(['layer input x[40]', 'layer output y sigmoid', 'weights x -> y = init uniform -1 1 seed 2'].join('\n'));
    const metric = [new Float64Array(40).map((_, i) => (i === 39 ? 5 : 0))];
    const layout = layoutNetwork(network, { metric, maxNodesPerLayer: 8, maxEdges: 4 });
    assert.ok(layout.nodes.some((n) => n.name === 'x40'), 'the node with the strongest metric is drawn');
    assert.ok(layout.edges.some((e) => e.from === 'x40'), 'and its edge');
    assertSound(layout, network, 'metric');
  });
});
