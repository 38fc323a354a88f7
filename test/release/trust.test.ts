// The installed .vsix in a folder the user has not trusted (Restricted Mode): colours,
// lenses, the derivation hover, a finished training run, Apply on the trained file only,
// the graph panel and Open Example (the walkthrough and its commands are tested in-host,
// test/integration/release.test.ts). Run by scripts/vscode/release.js
// (`npm run test:release`), which installs the package with --install-extension and starts
// code-server with workspace trust on. Screenshots for the walkthrough go to screenshots/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { useWorkbench, waitFor, type Workbench } from '../ui/workbench';

// The browser-side functions below touch these DOM names (the root tsconfig has no DOM lib).
interface El {
  readonly textContent: string | null;
  readonly style: { readonly top: string };
  querySelectorAll(selector: string): Iterable<El>;
  getAttribute(name: string): string | null;
}
declare const document: { querySelectorAll(selector: string): Iterable<El> };
declare function getComputedStyle(e: El): { readonly color: string };

const EDITOR = '.editor-group-container.active .monaco-editor';

/** The computed colour of each token span on the first rendered line matching `re`. */
async function tokenColours(wb: Workbench, re: RegExp): Promise<{ text: string; color: string }[]> {
  return wb.page.evaluate(
    ({ source, flags, editor }) => {
      const rx = new RegExp(source, flags);
      const line = [...document.querySelectorAll(`${editor} .view-lines .view-line`)].find((l) => rx.test((l.textContent ?? '').replace(/\u00a0/g, ' ')));
      if (!line) return [];
      return [...line.querySelectorAll('span[class*="mtk"]')].map((s) => ({ text: (s.textContent ?? '').trim(), color: getComputedStyle(s).color }));
    },
    { source: re.source, flags: re.flags, editor: EDITOR },
  );
}

/** Whether the active editor group's title bar shows an action labelled `label`. */
async function titleAction(wb: Workbench, label: string): Promise<boolean> {
  return wb.page.evaluate(
    (label) => [...document.querySelectorAll('.editor-group-container.active .editor-actions .action-label')].some((a) => (a.getAttribute('aria-label') ?? '').startsWith(label)),
    label,
  );
}

/** Waits until `check` resolves true (the harness's one waitFor, with a time limit). */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  await waitFor(what, check, { timeoutMs, intervalMs: 200 });
}

/** A screenshot of the editor area only (the walkthrough's pictures). */
async function editorShot(wb: Workbench, name: string): Promise<void> {
  await wb.settle(10000).catch(() => undefined);
  const dir = process.env.NNET_SCREENSHOTS!;
  await wb.page.locator('.part.editor').screenshot({ path: path.join(dir, `${name}.png`) });
}

describe('release: the installed .vsix in an untrusted folder (Restricted Mode)', function () {
  this.timeout(180000);
  const wb = useWorkbench();

  it('is the production package, installed by --install-extension', () => {
    const dir = process.env.NNET_RELEASE_EXTENSION_DIR;
    assert.ok(dir && fs.existsSync(path.join(dir, 'package.json')), `installed extension folder ${dir}`);
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' });
    assert.ok(files.some((f) => f.endsWith('extension.js')), 'dist/extension.js installed');
    assert.ok(!files.some((f) => f.endsWith('.map') || f.startsWith('src') || f.includes('node_modules')), files.join(', '));
  });

  it('opens the folder in Restricted Mode', async () => {
    await waitUntil('the Restricted Mode status bar item', () =>
      wb.page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /Restricted Mode/.test(e.textContent ?? ''))),
    );
  });

  it('colours heaton-xor.nnet with the grammar (keyword and number in their own colours)', async () => {
    await wb.openNnet('heaton-xor.nnet');
    let layer: { text: string; color: string }[] = [];
    let weight: { text: string; color: string }[] = [];
    const colour = (spans: { text: string; color: string }[], t: string): string | undefined => spans.find((s) => s.text === t)?.color;
    await waitUntil('tokenised lines', async () => {
      layer = await tokenColours(wb, /^layer input\b/);
      weight = await tokenColours(wb, /^I1 -> H1 = -0\.07/);
      const k = colour(layer, 'layer');
      const n = colour(weight, '-0.07');
      return !!k && !!n && k !== colour(layer, 'I1') && n !== colour(weight, 'I1');
    });
    assert.notStrictEqual(colour(layer, 'layer'), colour(weight, '-0.07'), 'keywords and numbers have different colours');
    await editorShot(wb, 'walkthrough-heaton-xor');
  });

  it('shows δ and gradient lenses with the reference figures', async () => {
    const texts = await wb.lensTexts('δ(O1) 0.04523');
    assert.match(texts, /δ\(H1\) -0\.0023208/, texts);
    assert.match(texts, /g 0\.016758 · next Δw 0\.011731/, texts);
    await editorShot(wb, 'walkthrough-lenses');
  });

  it('shows the chain-rule derivation when hovering a weight', async () => {
    const { text, box } = await wb.hoverLine(/^H1\s+->\s+O1\s+=\s+-0\.22/, 'δ(O1) · out(H1)');
    assert.match(text, /0\.04523 × 0\.37052 = 0\.016758/, text);
    await editorShot(wb, 'walkthrough-hover');
    await wb.page.mouse.move(box.x + 5, box.y - 200);
    await wb.page.keyboard.press('Escape');
  });

  it('trains to the end, offers Apply on the trained file only, and applies', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    assert.strictEqual(await titleAction(wb, 'Apply Trained Weights'), false, 'no Apply before training');
    await wb.runCommand('NNet: Train Network');
    const done = wb.page.locator('.notifications-toasts .notification-list-item', { hasText: /NNet: trained \d+ epochs/ }).first();
    await done.waitFor({ state: 'visible', timeout: 120000 });
    const message = (await done.textContent()) ?? '';
    assert.match(message, /error [\d.e-]+/, message);
    await waitUntil('the Apply button on the trained file', () => titleAction(wb, 'Apply Trained Weights'));
    await editorShot(wb, 'walkthrough-train');
    // The context key follows the active editor: another file has no trained weights.
    await wb.quickOpen('matrix.nnet');
    await waitUntil('no Apply button on matrix.nnet', async () => !(await titleAction(wb, 'Apply Trained Weights')));
    await wb.quickOpen('heaton-xor.nnet');
    await waitUntil('the Apply button back on heaton-xor.nnet', () => titleAction(wb, 'Apply Trained Weights'));
    await wb.runCommand('NNet: Apply Trained Weights');
    // The weight line now holds the trained value, not the example's -0.22.
    await waitUntil('the trained weights in the editor', async () => !(await wb.editorLines()).some((l) => /^H1 -> O1 = -0\.22$/.test(l.trim())));
    await waitUntil('Apply gone after applying', async () => !(await titleAction(wb, 'Apply Trained Weights')));
    await wb.runCommand('File: Revert File');
  });

  it('draws the graph panel with every node and the reference δ', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    await wb.runCommand('NNet: Show Network Graph');
    const frame = await wb.graphFrame();
    await frame.locator('svg.graph g.node[data-node="O1"] text.node-delta').waitFor({ state: 'attached' });
    assert.strictEqual(await frame.locator('svg.graph g.node').count(), 7);
    assert.strictEqual(((await frame.locator('svg.graph g.node[data-node="O1"] text.node-delta').textContent()) ?? '').trim(), 'δ 0.04523');
    await frame.locator('svg.graph g.edge[data-edge="H1->O1"] .edge-hit').click();
    await frame.locator('svg.curve-chart .tangent').waitFor({ state: 'attached' });
    await editorShot(wb, 'walkthrough-graph');
    await wb.runCommand('View: Close All Editors');
  });

  it('opens an example from NNet: Open Example… as an untitled file', async () => {
    await wb.runCommand('NNet: Open Example…');
    const row = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'matrix.nnet' }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.tabs-container .tab.active')].some((t) => /matrix\.nnet/.test(t.getAttribute('aria-label') ?? '')));
    await wb.waitForLanguage('NNet');
    await wb.page.locator(`${EDITOR} .codelens-decoration`, { hasText: 'δ(' }).first().waitFor({ state: 'visible', timeout: 60000 });
  });

});
