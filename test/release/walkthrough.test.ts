// The walkthrough as a new user meets it in the installed .vsix (untrusted folder): opened from
// the command palette's Welcome: Open Walkthrough…, each step expanded by a click and its button
// clicked, with the result of each command checked on the screen — the example opens beside the
// walkthrough with its lenses, the derivation hover shows, training runs to its end, the graph
// panel draws the network and, after a click on an edge, the E(w) curve with its tangent; the
// debugger's step asks for trust first (VS Code starts no debug session in Restricted Mode).
// Run by scripts/vscode/release.js after trust.test.ts (`npm run test:release`).
import type { Locator } from 'playwright-core';
import { useWorkbench, waitFor, type Workbench } from '../ui/workbench';

// The browser-side functions below touch these DOM names (the root tsconfig has no DOM lib).
interface El {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const document: { querySelectorAll(selector: string): Iterable<El> };

const WALKTHROUGH = '.gettingStartedContainer';

/**
 * Brings the walkthrough's steps on screen: its editor tab, and its page if the Welcome editor
 * went back to the start page (Escape there does that).
 */
async function showWalkthrough(wb: Workbench): Promise<void> {
  const tab = wb.page.locator('.tabs-container .tab', { hasText: /Welcome|Walkthrough/ }).first();
  // Close All Editors closes the walkthrough too: then it is opened again.
  if ((await tab.count()) === 0) await openWalkthrough(wb);
  else await tab.click();
  // The steps' slide stays in the page when the start page shows, but disabled.
  const title = wb.page.locator(`${WALKTHROUGH} .getting-started-step .step-title`, { hasText: 'Open the Heaton example' }).first();
  if ((await title.isVisible()) && (await title.isEnabled())) return;
  // Its tile on the start page (the start page lists a walkthrough only while it is new).
  const tile = wb.page.locator(`${WALKTHROUGH} button`, { hasText: 'Backprop' }).first();
  if (await tile.isVisible()) await tile.click();
  else await openWalkthrough(wb);
  await waitFor('the walkthrough steps', async () => (await title.isVisible()) && (await title.isEnabled()));
}

/** Welcome: Open Walkthrough… and the pick of nnet's walkthrough. */
async function openWalkthrough(wb: Workbench): Promise<void> {
  await wb.runCommand('Welcome: Open Walkthrough...');
  const row = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Backpropagation, visible' }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** Expands the step titled `title` (a click on its header) and returns it. */
async function expandStep(wb: Workbench, title: string): Promise<Locator> {
  await showWalkthrough(wb);
  const step = wb.page.locator(`${WALKTHROUGH} .getting-started-step`, { hasText: title }).first();
  await step.waitFor({ state: 'visible' });
  if (!((await step.getAttribute('class')) ?? '').includes('expanded')) await step.locator('.step-title').first().click();
  await wb.page.waitForFunction((t) => [...document.querySelectorAll('.gettingStartedContainer .getting-started-step.expanded')].some((s) => (s.textContent ?? '').includes(t)), title);
  return step;
}

/** Clicks the button labelled `label` in the expanded step `title`. */
async function clickStepButton(wb: Workbench, title: string, label: string): Promise<void> {
  const step = await expandStep(wb, title);
  const button = step.locator('.monaco-button, a', { hasText: label }).first();
  await button.waitFor({ state: 'visible' });
  await button.click();
}

/** No warning toast such as "NNet: open a .nnet file first." */
async function assertNoNnetWarning(wb: Workbench): Promise<void> {
  const warnings = await wb.page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-list-item')].map((n) => n.textContent ?? '').filter((t) => /NNet: /.test(t) && /first|fix the errors|cannot/.test(t)));
  if (warnings.length > 0) throw new Error(`NNet warned: ${warnings.join(' | ')}`);
}

/** View: Close All Editors, discarding what the steps changed (the save prompt answered "Don't Save"). */
async function closeAllEditors(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Close All Editors');
  const prompt = wb.page.locator('.monaco-dialog-box', { hasText: 'Do you want to save' }).first();
  if (await prompt.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
    await prompt.locator('.monaco-button', { hasText: "Don't Save" }).first().click();
    await prompt.waitFor({ state: 'hidden' });
  }
}

describe('release: the walkthrough, step by step (installed .vsix, untrusted folder)', function () {
  this.timeout(180000);
  const wb = useWorkbench();

  it('opens from Welcome: Open Walkthrough… with its seven steps', async () => {
    await openWalkthrough(wb);
    await wb.page.locator(`${WALKTHROUGH} .getting-started-category`, { hasText: 'Backpropagation, visible' }).or(wb.page.locator(`${WALKTHROUGH} .getting-started-step`).first()).first().waitFor({ state: 'visible' });
    const titles = await wb.page.locator(`${WALKTHROUGH} .getting-started-step .step-title`).allTextContents();
    const expected = ['Open the Heaton example', 'Read δ and the gradients', 'Hover a weight', 'Train and apply', 'Open the graph', 'Try the E(w) curve', 'Step through backprop'];
    for (const t of expected) if (!titles.some((x) => x.includes(t))) throw new Error(`step '${t}' missing; the walkthrough shows ${JSON.stringify(titles)}`);
  });

  it('step 1 opens heaton-xor.nnet beside the walkthrough, with its δ lenses', async () => {
    await clickStepButton(wb, 'Open the Heaton example', 'Open heaton-xor.nnet');
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.tabs-container .tab')].some((t) => /heaton-xor\.nnet/.test(t.getAttribute('aria-label') ?? '')));
    await wb.page.locator('.monaco-editor .codelens-decoration', { hasText: 'δ(O1) 0.04523' }).first().waitFor({ state: 'visible', timeout: 60000 });
    // The walkthrough is still on screen.
    await wb.page.locator(WALKTHROUGH).first().waitFor({ state: 'visible' });
  });

  it("step 2's Compute Gradients acts on the example shown beside it", async () => {
    await clickStepButton(wb, 'Read δ and the gradients', 'Compute Gradients');
    await wb.page.waitForTimeout(1000);
    await assertNoNnetWarning(wb);
    await wb.page.locator('.monaco-editor .codelens-decoration', { hasText: 'δ(O1) 0.04523' }).first().waitFor({ state: 'visible' });
  });

  it("step 3 shows the derivation hover of the example's first weight", async () => {
    await clickStepButton(wb, 'Hover a weight', 'Show the Derivation');
    // The first weight line of heaton-xor.nnet is I1 -> H1: its gradient is δ(H1) · out(I1).
    const hover = wb.page.locator('.monaco-hover-content, .monaco-hover .hover-contents').filter({ hasText: 'δ(H1) · out(I1)' }).first();
    await hover.waitFor({ state: 'visible', timeout: 30000 });
    await assertNoNnetWarning(wb);
  });

  it('step 4 trains the example to the end', async () => {
    // The step's button is clicked in the walkthrough, with no text editor focused.
    await clickStepButton(wb, 'Train and apply', 'Train Network');
    const done = wb.page.locator('.notifications-toasts .notification-list-item', { hasText: /NNet: trained \d+ epochs/ }).first();
    await done.waitFor({ state: 'visible', timeout: 120000 });
    await assertNoNnetWarning(wb);
  });

  it('step 5 opens the graph panel with every node of the example', async () => {
    await clickStepButton(wb, 'Open the graph', 'Show Network Graph');
    const frame = await wb.graphFrame();
    await frame.locator('svg.graph g.node[data-node="O1"]').waitFor({ state: 'attached' });
    const nodes = await frame.locator('svg.graph g.node').count();
    if (nodes !== 7) throw new Error(`the graph shows ${nodes} nodes, heaton-xor.nnet has 7`);
  });

  it('step 6: a click on an edge draws the E(w) curve with its tangent', async () => {
    await clickStepButton(wb, 'Try the E(w) curve', 'Show Network Graph');
    const frame = await wb.graphFrame();
    await frame.locator('svg.graph g.edge[data-edge="H1->O1"] .edge-hit').click();
    await frame.locator('svg.curve-chart .tangent').waitFor({ state: 'attached' });
    await closeAllEditors(wb);
  });

  it('step 7 in Restricted Mode: VS Code asks for trust before the debugger starts; declined, nothing runs', async () => {
    await clickStepButton(wb, 'Open the Heaton example', 'Open heaton-xor.nnet');
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.tabs-container .tab')].some((t) => /heaton-xor\.nnet/.test(t.getAttribute('aria-label') ?? '')));
    await clickStepButton(wb, 'Step through backprop', 'Debug Backpropagation');
    // The command found the example shown beside the walkthrough (no "Open a .nnet file" message)
    // and asked VS Code to debug it, which in an untrusted folder asks for trust first.
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: /Debugging executes|trust/i }).first();
    await dialog.waitFor({ state: 'visible', timeout: 30000 });
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
    await dialog.waitFor({ state: 'hidden' });
    await wb.page.waitForTimeout(1000);
    const debugging = await wb.page.locator('.debug-toolbar').isVisible();
    if (debugging) throw new Error('a debug session started in Restricted Mode after trust was declined');
    const info = await wb.page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-list-item')].map((n) => n.textContent ?? '').filter((t) => /Open a \.nnet file|is not a \.nnet file/.test(t)));
    if (info.length > 0) throw new Error(`the command did not find the example: ${info.join(' | ')}`);
    await assertNoNnetWarning(wb);
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });
    await closeAllEditors(wb);
  });
});
