// UI test of nnet as a web extension: code-server with `remote.extensionKind` set so that nnet
// runs in the browser's Web Worker extension host (VS Code for the Web's host), driven in
// Chromium. Run by `npm run test:web` (scripts/vscode/web.js). What a person sees there: the
// lenses, the hover's derivation, a finished training run (in a Web Worker), the graph panel,
// and the digits example with its 300 samples read from digits.csv through workspace.fs.
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import { useWorkbench } from '../ui/workbench';

// The little of the DOM the page functions touch (the repo's tsconfig has no DOM lib).
declare const document: { querySelectorAll(selector: string): Iterable<{ readonly textContent: string | null }> };

describe('nnet as a web extension in the Web Worker extension host (UI)', function () {
  this.timeout(120000);
  const wb = useWorkbench();

  it('runs the web entry: the NNet log says it is in VS Code for the Web', async () => {
    await wb.openNnet('heaton-xor.nnet');
    const logSays = (timeout: number): Promise<unknown> =>
      wb.page.waitForFunction(
        // Editor lines render spaces as U+00A0.
        () => [...document.querySelectorAll('.part.panel .monaco-editor .view-line')].some((l) => /Running in VS Code for the Web \(Web Worker extension host\)/.test((l.textContent ?? '').replace(/\u00a0/g, ' '))),
        undefined,
        { timeout },
      );
    await wb.runCommand('NNet: Show Training Log');
    try {
      await logSays(15000);
    } catch {
      // In two of the four fresh-machine runs of 2026-12-01 the palette closed and no panel
      // opened at all; the other runs (and a warm one) open it the first time. VS Code's main thread drops a reveal for an output
      // channel it has not registered yet (MainThreadOutputService.$reveal returns when the
      // channel is unknown); whether that is the race here was not proven. Only when no panel is
      // open is the command run once more; an open panel without the line still fails.
      const panelOpen = await wb.page.evaluate(() => [...document.querySelectorAll('.part.panel .monaco-editor')].length > 0);
      assert.ok(!panelOpen, 'the Output panel is open but does not show the web entry\u2019s line');
      console.log('    (no panel opened after the first Show Training Log; running it again)');
      await wb.runCommand('NNet: Show Training Log');
      await logSays(30000);
    }
  });

  it('shows the δ and gradient lenses with the reference figures', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    const texts = await wb.lensTexts('δ(O1) 0.04523');
    assert.match(texts, /δ\(H1\) -0\.0023208/, texts);
    assert.match(texts, /g 0\.016758 · next Δw 0\.011731/, texts);
  });

  it('shows the chain-rule derivation when hovering a weight line', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    const { text } = await wb.hoverLine(/^H1\s+->\s+O1\s+=\s+-0\.22/, 'δ(O1) · out(H1)');
    assert.match(text, /0\.04523 × 0\.37052 = 0\.016758/, text);
    await wb.page.keyboard.press('Escape');
  });

  it('trains heaton-xor in a Web Worker to the end and says so', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    await wb.runCommand('NNet: Train Network');
    const done = wb.page.locator('.notifications-toasts .notification-list-item-message', { hasText: /NNet: trained \d+ epochs, error/ }).first();
    await done.waitFor({ state: 'visible', timeout: 90000 });
    const message = (await done.textContent()) ?? '';
    // The file trains until the error is at most 0.01 (at most 10000 epochs).
    // (Classification files add their train accuracy: `error 0.0099652 · train accuracy 100.00 % (…)`.)
    assert.match(message, /NNet: trained \d+ epochs, error 0\.00\d+( · [^(]*)? \(the target error was reached\)/, message);
    await wb.screenshot('web-trained');
  });

  it('opens the graph panel with the network drawn', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    await wb.runCommand('NNet: Show Network Graph');
    let frame: Frame | undefined;
    const deadline = Date.now() + 60000;
    while (!frame) {
      for (const f of wb.page.frames()) {
        if ((await f.locator('.graph-host svg.graph').count().catch(() => 0)) > 0) frame = f;
      }
      if (!frame && Date.now() > deadline) throw new Error('no webview frame with the network graph');
      if (!frame) await new Promise((r) => setTimeout(r, 200));
    }
    await frame.locator('svg.graph g.node[data-node="O1"]').waitFor({ state: 'attached' });
    assert.strictEqual(await frame.locator('svg.graph g.node').count(), 7, 'I1 I2 B1 H1 H2 B2 O1');
    assert.strictEqual(await frame.locator('svg.graph g.edge').count(), 9, 'one edge per weight');
    await wb.screenshot('web-graph');
  });

  it('reads the digits example’s CSV through the workspace: 300 samples, no errors', async () => {
    await wb.openNnet('digits.nnet');
    const status = wb.page.locator('.statusbar-item', { hasText: /sample 1\/300 · E \d/ }).first();
    await status.waitFor({ state: 'visible', timeout: 60000 });
    const problems = await wb.page.locator('.statusbar-item[id="status.problems"]').first().textContent();
    assert.match(problems ?? '', /^\s*0\s+0\s*$|0\D+0/, `problems: ${problems}`);
    await wb.screenshot('web-digits');
  });
});
