// UI tests: what a person sees in VS Code 1.139 (code-server) in Chromium.
// Run by `npm run test:ui` / `npm run test:vscode`; screenshots go to screenshots/.
import * as assert from 'assert';
import { eventually, useWorkbench, type TokenSpan } from './workbench';

const classOf = (spans: TokenSpan[] | undefined, text: string): string | undefined =>
  spans?.find((s) => s.text.trim() === text)?.className;

describe('nnet in the VS Code workbench (UI)', function () {
  this.timeout(120000);
  const wb = useWorkbench();

  it('opens heaton-xor.nnet as NNet and colours it with the grammar', async () => {
    await wb.openNnet('heaton-xor.nnet');

    // Tokenisation is asynchronous: wait until keywords and numbers have their own classes.
    const layerLine = await eventually(
      'the layer line to be tokenised',
      () => wb.lineTokens(/^layer input\b/),
      (spans) => !!classOf(spans, 'layer') && classOf(spans, 'layer') !== classOf(spans, 'I1'),
    );
    const weightLine = await eventually(
      'the weight line to be tokenised',
      () => wb.lineTokens(/^I1 -> H1 = -0\.07/),
      (spans) => !!classOf(spans, '-0.07') && classOf(spans, '-0.07') !== classOf(spans, 'I1'),
    );
    const keyword = classOf(layerLine, 'layer');
    const number = classOf(weightLine, '-0.07');
    assert.ok(keyword && number, 'keyword and number spans found');
    assert.notStrictEqual(keyword, number, 'keywords and numbers must render in different colours');
    // mtk1 is the editor's plain foreground: a grammar-less file renders everything so.
    assert.notStrictEqual(keyword, 'mtk1', 'the keyword "layer" is not coloured');
    assert.notStrictEqual(number, 'mtk1', 'the number -0.07 is not coloured');
    await wb.screenshot('heaton-xor');
  });

  it('shows an unknown node in the Problems panel and underlines it', async () => {
    const example = wb.readFile('heaton-xor.nnet');
    const text = `${example.trimEnd()}\nI1 -> H9 = 0.5\n`;
    const line = text.split('\n').indexOf('I1 -> H9 = 0.5') + 1;
    wb.writeFile('broken.nnet', text);
    await wb.quickOpen('broken.nnet');
    await wb.runCommand('Problems: Focus on Problems View');
    const row = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'H9' }).first();
    await row.waitFor({ state: 'visible' });
    const rowText = (await row.textContent()) ?? '';
    assert.match(rowText, /unknown node/i, `Problems row: ${rowText}`);
    assert.match(rowText, /nnet\/unknown-node/, `Problems row shows the diagnostic code: ${rowText}`);
    assert.match(rowText, new RegExp(`Ln ${line}, Col 7`), `Problems row points at H9: ${rowText}`);
    // Clicking the problem selects the diagnostic's range: exactly the two characters H9.
    await row.click();
    await wb.waitForStatus('status.editor.selection', `Ln ${line}, Col 9 (2 selected)`);
    await wb.page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    await wb.screenshot('problems');
  });

  it('formats a messy file with "Format Document" from the command palette', async () => {
    wb.writeFile('messy.nnet', ['network   xor', 'layer input I1   I2 bias B1', 'layer   output O1 sigmoid', 'I1->O1=-0.07', 'I2  ->O1 =  0.22', 'B1-> O1=0.1', ''].join('\n'));
    await wb.quickOpen('messy.nnet');
    await wb.waitForEditorLine(/^I1->O1=-0\.07$/);
    await wb.runCommand('Format Document');
    await wb.waitForEditorLine(/^I1 -> O1 = -0\.07$/);
    const lines = await wb.editorLines();
    assert.ok(!lines.some((l) => /^I1->O1/.test(l)), `the messy line is gone: ${JSON.stringify(lines)}`);
    assert.ok(lines.some((l) => /^I2 -> O1 = +0\.22$/.test(l)), `every weight line is formatted: ${JSON.stringify(lines)}`);
    await wb.screenshot('format-document');
  });
});
