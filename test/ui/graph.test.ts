// UI tests of the graph panel in VS Code 1.139 (code-server) in Chromium: what a person sees
// inside the panel's webview, and what a click in it does to the editor.
// Webviews are nested iframes (`iframe.webview` → `#active-frame`); the panel's frame is the
// one whose document holds the graph's host element.
import * as assert from 'assert';
import { check } from '../../src/core';
import { useWorkbench } from './workbench';

describe('graph panel in the VS Code workbench (UI)', function () {
  this.timeout(180000);
  const wb = useWorkbench();

  it('draws heaton-xor with every node, labelled with out and the reference δ; a click on an edge selects its weight line', async () => {
    const example = wb.readFile('heaton-xor.nnet');
    const network = check(example).network;
    assert.ok(network, 'the example builds');
    const nodeCount = network.layers.reduce((n, l) => n + l.nodes.length + (l.bias ? 1 : 0), 0);
    const edgeCount = network.weights.reduce((n, w) => n + w.values.length, 0);

    await wb.openNnet('heaton-xor.nnet');
    await wb.runCommand('NNet: Show Network Graph');
    const frame = await wb.graphFrame();

    // One drawn node per node of the network (bias nodes included), one edge per weight.
    const nodes = frame.locator('svg.graph g.node');
    await frame.locator('svg.graph g.node[data-node="O1"] text.node-delta').waitFor({ state: 'attached' });
    assert.strictEqual(await nodes.count(), nodeCount, 'drawn nodes');
    assert.strictEqual(nodeCount, 7);
    assert.strictEqual(await frame.locator('svg.graph g.edge').count(), edgeCount, 'drawn edges');
    assert.strictEqual(await frame.locator('svg.graph g.node.bias').count(), 2, 'B1 and B2 drawn as bias nodes');

    // The labels carry δ for the active sample (Heaton convention, 5 significant digits).
    const label = async (name: string, cls: string): Promise<string> =>
      ((await frame.locator(`svg.graph g.node[data-node="${name}"] text.${cls}`).textContent()) ?? '').trim();
    assert.strictEqual(await label('O1', 'node-delta'), 'δ 0.04523');
    assert.strictEqual(await label('H1', 'node-delta'), 'δ -0.0023208');
    assert.strictEqual(await label('H2', 'node-delta'), 'δ 0.0050617');
    assert.strictEqual(await label('H1', 'node-out'), 'out 0.37052');
    assert.strictEqual(await label('H1', 'node-name'), 'H1');
    assert.strictEqual(await frame.locator('svg.graph g.node[data-node="I1"] text.node-delta').count(), 0, 'inputs have no δ');

    // Nodes and edges are keyboard reachable.
    assert.strictEqual(await frame.locator('svg.graph g.node[tabindex="0"]').count(), nodeCount);
    assert.strictEqual(await frame.locator('svg.graph g.edge[tabindex="0"]').count(), edgeCount);

    // Clicking the edge H1 → O1 selects its weight line in the editor: `H1 -> O1 = -0.22`.
    const lines = example.split('\n');
    const line = lines.findIndex((l) => l.trim() === 'H1 -> O1 = -0.22');
    assert.ok(line >= 0, 'the weight line is in the example');
    const start = lines[line].indexOf('H1');
    const length = 'H1 -> O1 = -0.22'.length;
    await frame.locator('svg.graph g.edge[data-edge="H1->O1"] .edge-hit').click();
    await wb.waitForStatus('status.editor.selection', `Ln ${line + 1}, Col ${start + length + 1} (${length} selected)`);
    // The clicked edge becomes the subject of the E(w) chart, with its tangent and next step.
    await frame.locator('svg.graph g.edge.selected[data-edge="H1->O1"]').waitFor({ state: 'attached' });
    await frame.locator('svg.curve-chart .tangent').waitFor({ state: 'attached' });
    await frame.locator('svg.curve-chart .next-point').waitFor({ state: 'attached' });
    const facts = (await frame.locator('.facts').first().textContent()) ?? '';
    assert.match(facts, /slope ∂E\/∂w = -0\.016758/);
    assert.match(facts, /Heaton’s g = −∂E\/∂w = 0\.016758/);
    assert.match(facts, /next step: Δw = 0\.011731/);
    // From the keyboard: Tab to an edge, Enter shows its line.
    const h2 = lines.findIndex((l) => l.trim() === 'H2 -> O1 =  0.58');
    const h2Length = 'H2 -> O1 =  0.58'.length;
    await frame.locator('svg.graph g.edge[data-edge="H2->O1"]').focus();
    await wb.page.keyboard.press('Enter');
    await wb.waitForStatus('status.editor.selection', `Ln ${h2 + 1}, Col ${lines[h2].indexOf('H2') + h2Length + 1} (${h2Length} selected)`);
    await frame.locator('svg.graph g.edge[data-edge="H1->O1"] .edge-hit').click();
    await wb.waitForStatus('status.editor.selection', `Ln ${line + 1}, Col ${start + length + 1} (${length} selected)`);
    // Two inputs: the output map is drawn, with the four samples on it.
    assert.strictEqual(await frame.locator('svg.map-chart circle.map-sample').count(), 4);
    await wb.screenshot('graph');
  });

  it('comes back after a window reload, still tied to the editor', async () => {
    // Its own set-up, whatever an earlier test left: heaton-xor open with its graph drawn.
    await wb.openNnet('heaton-xor.nnet');
    await wb.runCommand('NNet: Show Network Graph');
    await wb.graphFrame();
    await wb.page.reload({ waitUntil: 'domcontentloaded' });
    await wb.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await wb.page.locator('.tabs-container .tab', { hasText: 'Graph: heaton-xor.nnet' }).first().waitFor({ timeout: 60000 });
    const frame = await wb.graphFrame();
    await frame.locator('svg.graph g.node[data-node="H1"] text.node-delta').waitFor({ state: 'attached' });
    assert.strictEqual(await frame.locator('svg.graph g.node').count(), 7);
    assert.strictEqual(((await frame.locator('svg.graph g.node[data-node="H1"] text.node-delta').textContent()) ?? '').trim(), 'δ -0.0023208');
    // The restored panel talks to the extension again: a click still reveals the weight line.
    const lines = wb.readFile('heaton-xor.nnet').split('\n');
    const line = lines.findIndex((l) => l.trim() === 'B2 -> O1 =  0.78');
    const length = 'B2 -> O1 =  0.78'.length;
    await frame.locator('svg.graph g.edge[data-edge="B2->O1"] .edge-hit').click();
    await wb.waitForStatus('status.editor.selection', `Ln ${line + 1}, Col ${lines[line].indexOf('B2') + length + 1} (${length} selected)`, 60000);
  });
});
