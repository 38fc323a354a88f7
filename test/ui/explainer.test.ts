// UI tests of the gradient explainer: the lenses' text is visible in the editor, a hover
// shows the derivation; screenshots for the README.
import * as assert from 'assert';
import { useWorkbench, type Workbench } from './workbench';

describe('gradient explainer in the VS Code workbench (UI)', function () {
  this.timeout(120000);
  const workbench = useWorkbench();
  let wb: Workbench;

  before(() => {
    wb = workbench();
  });

  /** Text of every CodeLens the editor currently renders. */
  async function lensTexts(): Promise<string[]> {
    return wb.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration').allTextContents();
  }

  it('shows δ and gradient lenses with the reference figures', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    await wb.waitForLanguage('NNet');
    const lens = wb.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: 'δ(O1) 0.04523' });
    await lens.first().waitFor({ state: 'visible', timeout: 60000 });
    const texts = (await lensTexts()).join(' | ');
    assert.match(texts, /δ\(H1\) -0\.0023208/, texts);
    assert.match(texts, /δ\(H2\) 0\.0050617/, texts);
    assert.match(texts, /g 0\.016758 · next Δw 0\.011731/, texts);
    assert.match(texts, /● active sample · E 0\.029942/, texts);
    assert.match(texts, /Use this sample/, texts);
    await wb.screenshot('lenses');
  });

  it('shows the chain-rule derivation when hovering a weight line', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    const line = wb.page.locator('.editor-group-container.active .view-line', { hasText: /^H1\s+->\s+O1\s+=\s+-0\.22/ }).first();
    await line.waitFor({ state: 'visible' });
    const hover = wb.page.locator('.monaco-hover-content, .monaco-hover .hover-contents').filter({ hasText: 'δ(O1) · out(H1)' }).first();
    // Hover the arrow of `H1 -> O1`; move away and back until the hover shows (it appears after a delay).
    const box = await line.boundingBox();
    assert.ok(box, 'the weight line is on screen');
    const deadline = Date.now() + 30000;
    while (!(await hover.isVisible())) {
      if (Date.now() > deadline) throw new Error('no hover with the derivation appeared');
      await wb.page.mouse.move(box.x + 5, box.y - 40);
      await wb.page.mouse.move(box.x + 30, box.y + box.height / 2);
      await hover.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
    }
    const text = (await hover.textContent()) ?? '';
    assert.match(text, /0\.04523 × 0\.37052 = 0\.016758/, text);
    assert.match(text, /Where δ\(O1\) comes from/, text);
    await wb.screenshot('hover');
  });
});
