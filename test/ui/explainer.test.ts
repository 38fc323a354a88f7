// UI tests of the gradient explainer: the lenses' text is visible in the editor, a hover
// shows the derivation; screenshots for the README.
import * as assert from 'assert';
import { useWorkbench } from './workbench';

describe('gradient explainer in the VS Code workbench (UI)', function () {
  this.timeout(120000);
  const wb = useWorkbench();

  it('shows δ and gradient lenses with the reference figures', async () => {
    await wb.openNnet('heaton-xor.nnet');
    const texts = await wb.lensTexts('δ(O1) 0.04523');
    assert.match(texts, /δ\(H1\) -0\.0023208/, texts);
    assert.match(texts, /δ\(H2\) 0\.0050617/, texts);
    assert.match(texts, /g 0\.016758 · next Δw 0\.011731/, texts);
    assert.match(texts, /● active sample · E 0\.029942/, texts);
    assert.match(texts, /Use this sample/, texts);
    await wb.screenshot('lenses');
  });

  it('shows the chain-rule derivation when hovering a weight line', async () => {
    await wb.quickOpen('heaton-xor.nnet');
    const { text } = await wb.hoverLine(/^H1\s+->\s+O1\s+=\s+-0\.22/, 'δ(O1) · out(H1)');
    assert.match(text, /0\.04523 × 0\.37052 = 0\.016758/, text);
    assert.match(text, /Where δ\(O1\) comes from/, text);
    await wb.screenshot('hover');
  });
});
