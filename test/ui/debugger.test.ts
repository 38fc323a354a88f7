// UI test of the `nnet` debugger: a breakpoint on `H1 -> O1` (F9), F5, and what a person
// sees — the stopped line highlighted, δ(O1) and g(H1→O1) in Variables; a screenshot for
// docs/debugger.md.
import * as assert from 'assert';
import { useWorkbench } from './workbench';

describe('debugger in the VS Code workbench (UI)', function () {
  this.timeout(180000);
  const wb = useWorkbench();

  it('F5 stops on the H1 -> O1 breakpoint with the line highlighted and δ(O1) in Variables', async () => {
    const page = wb.page;
    await wb.openNnet('heaton-xor.nnet');
    const line = page.locator('.editor-group-container.active .view-line', { hasText: /^H1\s+->\s+O1\s+=\s+-0\.22/ }).first();
    await line.waitFor({ state: 'visible' });
    // Put the cursor on the line and toggle a breakpoint, as a person does with F9.
    await line.click();
    await page.keyboard.press('F9');
    await page.locator('.editor-group-container.active .codicon-debug-breakpoint').first().waitFor({ state: 'visible' });
    await page.keyboard.press('F5');

    // The top stack frame's line gets the editor's "stopped here" decoration.
    const stopped = page.locator('.editor-group-container.active .monaco-editor .debug-top-stack-frame-line').first();
    await stopped.waitFor({ state: 'attached', timeout: 60000 });
    // Which rendered line sits at the decoration's height? Measured again until it settles:
    // the editor reveals the stopped line and code lenses arriving from the language server
    // shift the lines, so one reading can fall between two layouts.
    const want = /^H1 -> O1 = -0\.22/;
    let highlighted = 'no stopped-line decoration on screen';
    for (const deadline = Date.now() + 30000; !want.test(highlighted) && Date.now() < deadline; ) {
      const decoration = await stopped.boundingBox();
      highlighted = decoration ? `no line at y ${decoration.y}` : 'no stopped-line decoration on screen';
      for (const candidate of decoration ? await page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').all() : []) {
        const box = await candidate.boundingBox();
        if (box && decoration && Math.abs(box.y - decoration.y) < 2) highlighted = ((await candidate.textContent()) ?? '').replace(/\u00a0/g, ' ');
      }
      if (!want.test(highlighted)) await page.waitForTimeout(250);
    }
    assert.match(highlighted, want, `highlighted line: ${highlighted}`);

    // Variables: open the first scope, the weight being computed.
    const scope = page.locator('.debug-variables .monaco-list-row', { hasText: 'Weight H1→O1' }).first();
    await scope.waitFor({ state: 'visible', timeout: 30000 });
    const delta = page.locator('.debug-variables .monaco-list-row', { hasText: 'δ(O1)' }).first();
    if ((await scope.getAttribute('aria-expanded')) !== 'true') await scope.click();
    await delta.waitFor({ state: 'visible', timeout: 30000 });
    const deltaText = ((await delta.textContent()) ?? '').replace(/\u00a0/g, ' ');
    assert.match(deltaText, /δ\(O1\)\s*[:=]?\s*0\.04522951472920882/, deltaText);
    const gradient = ((await page.locator('.debug-variables .monaco-list-row', { hasText: /^g\b/ }).first().textContent()) ?? '').replace(/\u00a0/g, ' ');
    assert.match(gradient, /^g\s*[:=]?\s*0\.016758299044691328/, gradient);
    // The Call Stack shows the chain rule.
    const stack = (await page.locator('.debug-call-stack .monaco-list-row').allTextContents()).join(' | ');
    assert.match(stack, /g\(H1→O1\) = δ\(O1\) · out\(H1\)/, stack);
    await wb.screenshot('debugger');

    await page.keyboard.press('Shift+F5');
    await stopped.waitFor({ state: 'detached', timeout: 30000 });
  });
});
