// UI test of the language-server split: a pathological file (402 bytes whose 21 layers would
// need gigabytes of weights) is checked in the server's process, never in the extension
// host, so VS Code keeps working: another file's lenses appear and no "extension host
// terminated" message shows.
import * as assert from 'assert';
import { useWorkbench } from './workbench';

/** 21 `layer` lines alternating `x[100000]` and `y[50]`: 402 bytes. */
export function pathologicalText(): string {
  const lines: string[] = [];
  for (let i = 0; i < 21; i++) lines.push(`layer ${i === 0 ? 'input' : `h${String(i).padStart(3, '0')}`} ${i % 2 === 0 ? 'x[100000]' : 'y[50]'}`);
  return `${lines.join('\n')}\n`;
}

describe('language server in its own process (UI)', function () {
  this.timeout(240000);
  const wb = useWorkbench();

  it('opens a pathological file, then shows another file\u2019s lenses; the extension host survives', async () => {
    const text = pathologicalText();
    assert.strictEqual(Buffer.byteLength(text), 402);
    wb.writeFile('pathological.nnet', text);
    await wb.openNnet('pathological.nnet');
    // Let the server start on it before the next file opens.
    await new Promise((r) => setTimeout(r, 2000));
    wb.writeFile('after-pathological.nnet', wb.readFile('heaton-xor.nnet'));
    await wb.quickOpen('after-pathological.nnet');
    const lens = wb.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: 'δ(O1) 0.04523' });
    await lens.first().waitFor({ state: 'visible', timeout: 180000 });
    const messages = await wb.page.locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message').allTextContents();
    assert.ok(!messages.some((m) => /extension host terminated|extension host .*unresponsive/i.test(m)), `notifications: ${JSON.stringify(messages)}`);
    await wb.screenshot('after-pathological');
  });
});
