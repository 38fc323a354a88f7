// Drives the VS Code workbench (code-server) in Chromium through playwright-core.
// Started by scripts/vscode/test.js, which passes:
//   NNET_UI_URL            workbench URL (code-server with the extension installed)
//   NNET_UI_WORKSPACE      the folder that workbench has open (a scratch copy of examples/)
//   NNET_UI_PROFILE        a fresh Chromium user-data-dir
//   NNET_UI_CHROMIUM       the browser binary (/usr/bin/chromium)
//   NNET_SCREENSHOTS       folder for screenshots (the README's images)
// Every wait is on a condition in the page, with a time limit.
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/vscode/lib/chromium';
import { waitFor } from '../../scripts/vscode/lib/wait';

export { waitFor };

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the UI suite through \`npm run test:ui\``);
  return v;
}

// The functions passed to page.evaluate/waitForFunction run in the browser. The repo's
// tsconfig has no DOM lib (the rest of the code must not use browser globals), so this
// module declares the little of the DOM those functions touch.
interface DomElement {
  readonly textContent: string | null;
  readonly value?: string;
  readonly style: { readonly top: string };
  readonly classList: Iterable<string>;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getAttribute(name: string): string | null;
  readonly offsetParent: unknown;
}
declare const document: {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getAttribute(name: string): string | null;
  readonly offsetParent: unknown;
};

/** A span of a rendered editor line: its text and its token class (mtkN). */
export interface TokenSpan {
  text: string;
  className: string;
}

export class Workbench {
  private opened: { readonly context: BrowserContext; readonly page: Page } | undefined;

  /** The browser context of the open workbench. */
  get context(): BrowserContext {
    return this.state().context;
  }

  /** The workbench's page. */
  get page(): Page {
    return this.state().page;
  }

  /** The folder the workbench has open (a scratch copy of examples/). */
  get workspace(): string {
    return env('NNET_UI_WORKSPACE');
  }

  private state(): { readonly context: BrowserContext; readonly page: Page } {
    if (!this.opened) throw new Error('the workbench is not open (useWorkbench() opens it in a before hook; call it inside describe)');
    return this.opened;
  }

  /** Launches Chromium on a fresh profile and waits for the workbench and its explorer. */
  async open(): Promise<void> {
    const profile = path.join(env('NNET_UI_PROFILE'), `p-${Date.now()}`);
    const context = await launchChromium({ profile, executablePath: process.env.NNET_UI_CHROMIUM });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30000);
    this.opened = { context, page };
    await page.goto(env('NNET_UI_URL'), { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    // The explorer lists the workspace once the file service and the remote are up.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    if (opened) await opened.context.close();
  }

  /** The text of a file of the open workspace. */
  readFile(name: string): string {
    return fs.readFileSync(path.join(this.workspace, name), 'utf8');
  }

  /** Writes a file into the open workspace (the workbench sees it through its watcher). */
  writeFile(name: string, text: string): string {
    const file = path.join(this.workspace, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  /**
   * Opens the quick input with `shortcut`, types `query`, waits until the focused entry
   * is labelled `expected`, then presses Enter. Retries the whole gesture (the widget can
   * miss keys while the workbench is still settling) until the time limit.
   */
  private async pick(shortcut: string, query: string, expected: string, timeoutMs = 60000): Promise<void> {
    const page = this.page;
    const deadline = Date.now() + timeoutMs;
    let seen: unknown;
    while (Date.now() < deadline) {
      try {
        await page.keyboard.press('Escape');
        await page.keyboard.press(shortcut);
        const input = page.locator('.quick-input-widget input.input').first();
        await input.waitFor({ state: 'visible', timeout: 5000 });
        // Typed key by key: the file picker reacts to key events, not to a pasted value.
        await page.keyboard.press('Control+A');
        await page.keyboard.type(query);
        await page.waitForFunction(
          (want) => document.querySelector('.quick-input-widget .monaco-list-row.focused .label-name')?.textContent?.trim() === want,
          expected,
          // The first file search of a session can take seconds (the index warms up).
          { timeout: 20000 },
        );
        await page.keyboard.press('Enter');
        // Picked once the widget closes — or once it shows something else: a command such as
        // NNet: Open Example… answers with its own quick pick in the same widget.
        await page.waitForFunction(
          (typed) => {
            const widget = document.querySelector('.quick-input-widget');
            const input = document.querySelector('.quick-input-widget input.input');
            return !widget || widget.offsetParent === null || input?.value !== typed;
          },
          query,
          { timeout: 10000 },
        );
        return;
      } catch {
        seen = await page
          .evaluate(() => ({
            input: document.querySelector('.quick-input-widget input.input')?.value,
            rows: [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].map((r) => r.getAttribute('aria-label')),
            focused: document.querySelector('.quick-input-widget .monaco-list-row.focused .label-name')?.textContent?.trim(),
          }))
          .catch(() => undefined);
      }
    }
    throw new Error(`could not pick '${expected}' after typing '${query}'; quick input showed ${JSON.stringify(seen)}`);
  }

  /**
   * The frame of the graph panel's page, once it has drawn the network. Webviews are nested
   * iframes (`iframe.webview` → `#active-frame`); the panel's frame is the one whose document
   * holds the graph's host element.
   */
  async graphFrame(timeoutMs = 60000): Promise<Frame> {
    return waitFor(
      'a webview frame with the network graph',
      async () => {
        for (const frame of this.page.frames()) {
          if ((await frame.locator('.graph-host svg.graph').count().catch(() => 0)) > 0) return frame;
        }
        throw new Error(`frames: ${JSON.stringify(this.page.frames().map((f) => f.url().slice(0, 120)))}`);
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  /** Quick Open (Ctrl+P) a workspace file by name and wait for its tab to be active. */
  async quickOpen(fileName: string): Promise<void> {
    await this.pick('Control+P', fileName, fileName);
    await this.page.waitForFunction(
      (name) => document.querySelector('.tabs-container .tab.active')?.getAttribute('data-resource-name') === name,
      fileName,
    );
    await this.page.waitForSelector('.editor-group-container.active .monaco-editor .view-lines .view-line');
  }

  /** Quick Open a `.nnet` file and wait until the editor has it in the NNet language. */
  async openNnet(fileName: string): Promise<void> {
    await this.quickOpen(fileName);
    await this.waitForLanguage('NNet');
  }

  /** Waits until the status bar's language indicator shows `name` (e.g. NNet). */
  async waitForLanguage(name: string): Promise<void> {
    await this.waitForStatus('status.editor.mode', name);
  }

  /** The text of a status bar entry, e.g. `status.editor.selection` → "Ln 3, Col 7". */
  async waitForStatus(id: string, want: string, timeoutMs = 30000): Promise<void> {
    try {
      await this.page.waitForFunction(
        ({ id, want }) => document.querySelector(`[id="${id}"]`)?.textContent?.trim() === want,
        { id, want },
        { timeout: timeoutMs },
      );
    } catch (e) {
      const now = await this.page.evaluate((id) => document.querySelector(`[id="${id}"]`)?.textContent?.trim(), id).catch(() => undefined);
      throw new Error(`status bar entry ${id} shows '${now ?? 'nothing'}', expected '${want}' (${(e as Error).message.split('\n')[0]})`);
    }
  }

  /** Runs a command by its label through the command palette (Ctrl+Shift+P). */
  async runCommand(label: string): Promise<void> {
    await this.pick('Control+Shift+P', `>${label}`, label);
  }

  /** The active editor's rendered lines, top to bottom, with plain spaces. */
  async editorLines(): Promise<string[]> {
    return this.page.evaluate(() => {
      const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')];
      return lines
        .map((l) => ({ top: parseFloat(l.style.top) || 0, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text);
    });
  }

  /** Waits until the active editor shows a line matching `re`; returns that line. */
  async waitForEditorLine(re: RegExp, timeoutMs = 30000): Promise<string> {
    const handle = await this.page.waitForFunction(
      ({ source, flags }) => {
        const rx = new RegExp(source, flags);
        const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')];
        return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).find((t) => rx.test(t)) ?? false;
      },
      { source: re.source, flags: re.flags },
      { timeout: timeoutMs },
    );
    return (await handle.jsonValue()) as string;
  }

  /** The token spans of the first rendered line of the active editor matching `re`. */
  async lineTokens(re: RegExp): Promise<TokenSpan[] | undefined> {
    return this.page.evaluate(
      ({ source, flags }) => {
        const rx = new RegExp(source, flags);
        const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')];
        const line = lines.find((l) => rx.test((l.textContent ?? '').replace(/\u00a0/g, ' ')));
        if (!line) return undefined;
        return [...line.querySelectorAll('span[class*="mtk"]')].map((s) => ({
          text: (s.textContent ?? '').replace(/\u00a0/g, ' '),
          className: [...s.classList].find((c) => /^mtk\d+$/.test(c)) ?? '',
        }));
      },
      { source: re.source, flags: re.flags },
    );
  }

  /**
   * Waits until the workbench is idle: no "Activating Extensions..." in the status bar
   * and no running progress bar (explorer refresh, editor loading).
   */
  async settle(timeoutMs = 30000): Promise<void> {
    await this.page.waitForFunction(
      () =>
        ![...document.querySelectorAll('.statusbar-item')].some((e) => /Activating Extensions/i.test(e.textContent ?? '')) &&
        ![...document.querySelectorAll('.monaco-progress-container.active')].some((e) => e.offsetParent !== null),
      undefined,
      { timeout: timeoutMs },
    );
  }

  /** The texts of the code lenses of the active editor, once one reading `first` shows. */
  async lensTexts(first: string, timeoutMs = 60000): Promise<string> {
    const lenses = this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration');
    await lenses.filter({ hasText: first }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    return (await lenses.allTextContents()).join(' | ');
  }

  /**
   * Hovers the active editor's line matching `line` (near its start, e.g. the arrow of
   * `H1 -> O1`) until a hover containing `hasText` shows — moving away and back, since a hover
   * appears after a delay and a missed one does not come back by itself — and returns the
   * hover's text and the line's box. The hover stays open.
   */
  async hoverLine(line: RegExp, hasText: string, timeoutMs = 30000): Promise<{ text: string; box: { x: number; y: number; width: number; height: number } }> {
    const row = this.page.locator('.editor-group-container.active .view-line', { hasText: line }).first();
    await row.waitFor({ state: 'visible' });
    const hover = this.page.locator('.monaco-hover-content, .monaco-hover .hover-contents').filter({ hasText }).first();
    const box = await row.boundingBox();
    if (!box) throw new Error(`the line ${line} is not on screen`);
    const deadline = Date.now() + timeoutMs;
    while (!(await hover.isVisible())) {
      if (Date.now() > deadline) throw new Error(`no hover with '${hasText}' appeared over ${line}`);
      await this.page.mouse.move(box.x + 5, box.y - 40);
      await this.page.mouse.move(box.x + 30, box.y + box.height / 2);
      await hover.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
    }
    return { text: (await hover.textContent()) ?? '', box };
  }

  /** Saves a screenshot of the whole workbench (once idle) to NNET_SCREENSHOTS/<name>.png. */
  async screenshot(name: string): Promise<string> {
    await this.settle(10000).catch(() => undefined); // a picture of a busy workbench beats none
    const dir = env('NNET_SCREENSHOTS');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/** Polls `read` until `ok` holds for its value; returns it, or throws naming the last value. */
export async function eventually<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30000): Promise<T> {
  let last: T | undefined;
  await waitFor(
    what,
    async () => {
      last = await read();
      if (!ok(last)) throw new Error(`last value: ${JSON.stringify(last)}`);
      return true;
    },
    { timeoutMs },
  );
  return last as T;
}

/**
 * The hooks every UI suite needs, registered once: a workbench opened before the suite's
 * tests (fresh Chromium profile), a screenshot of it when a test fails, closed after.
 * Call inside `describe`; the returned workbench is open from the suite's first test on.
 */
export function useWorkbench(): Workbench {
  const wb = new Workbench();
  before(async function () {
    this.timeout(180000);
    await wb.open();
  });
  afterEach(async function () {
    // A failing test leaves a picture of what the workbench showed.
    if (this.currentTest?.state === 'failed') {
      const name = `failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
      await wb.screenshot(name).then((f) => console.log(`      screenshot: ${f}`), () => undefined);
    }
  });
  after(async () => {
    await wb.close();
  });
  return wb;
}
