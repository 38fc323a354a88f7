// In-host tests: the extension inside a real VS Code (code-server 1.139 via
// `npm run test:vscode`, or VS Code desktop via `npm run test:electron`).
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  ScratchFolder,
  activated,
  closeAllEditors,
  codeOf,
  describeDiagnostic,
  errorsOf,
  exampleUri,
  lineOf,
  openInEditor,
  readExample,
  waitFor,
  waitForDiagnostics,
} from './helpers';

const UNKNOWN_NODE = 'nnet/unknown-node';
const BAD_WEIGHT_LINE = 'I1 -> H9 = 0.5';

describe('nnet extension in a real VS Code', () => {
  let scratch: ScratchFolder;

  before(() => {
    scratch = new ScratchFolder('extension');
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  after(async () => {
    await scratch.dispose();
  });

  describe('activation and language', () => {
    it('is installed and activates when a .nnet file opens', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
      assert.strictEqual(ext.packageJSON.name, 'nnet');
      await vscode.workspace.openTextDocument(await exampleUri('heaton-xor.nnet'));
      // The language's activation event must start it (no explicit activate() first) ...
      await waitFor('the extension to become active', () => ext.isActive);
      // ... and activate() must have succeeded: this rejects when it threw.
      await activated();
    });

    it('opens examples/heaton-xor.nnet with language id nnet', async () => {
      const editor = await openInEditor(await exampleUri('heaton-xor.nnet'));
      assert.strictEqual(editor.document.languageId, 'nnet');
      assert.ok((await vscode.languages.getLanguages()).includes('nnet'));
    });

    it('toggles line comments with # (language configuration)', async () => {
      const folder = scratch;
      const uri = await folder.write('comment.nnet', 'network xor\nloss mse\n');
      const editor = await openInEditor(uri);
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      await vscode.commands.executeCommand('editor.action.commentLine');
      await waitFor('line 2 to be commented', () => /^#\s*loss mse$/.test(editor.document.lineAt(1).text));
      assert.strictEqual(editor.document.lineAt(0).text, 'network xor');
    });
  });

  describe('diagnostics', () => {
    it('reports no errors for heaton-xor.nnet once the checker has run', async () => {
      const uri = await exampleUri('heaton-xor.nnet');
      const editor = await openInEditor(uri);
      const original = editor.document.getText();
      // Prove the checker is looking at this document: break it, see the error, undo,
      // and see the errors go, so "no errors" below is the checker's verdict on the
      // real example and not an empty list from before it ran.
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      assert.ok(await editor.edit((b) => b.insert(end, `\n${BAD_WEIGHT_LINE}\n`)));
      await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === UNKNOWN_NODE), `${UNKNOWN_NODE} after an edit`);
      await vscode.commands.executeCommand('undo');
      await waitFor('undo to restore the example', () => editor.document.getText() === original);
      const final = await waitForDiagnostics(uri, (ds) => errorsOf(ds).length === 0, 'the errors to clear after undo');
      assert.deepStrictEqual(errorsOf(final).map(describeDiagnostic), []);
      assert.strictEqual(editor.document.isDirty, false, 'undo back to the saved text leaves the document clean');
    });

    it(`reports ${UNKNOWN_NODE} on the unknown node's name in a file`, async () => {
      const text = `${(await readExample('heaton-xor.nnet')).trimEnd()}\n${BAD_WEIGHT_LINE}\n`;
      const uri = await scratch.write('unknown-node.nnet', text);
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.strictEqual(doc.languageId, 'nnet');
      const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === UNKNOWN_NODE), UNKNOWN_NODE);
      const d = diagnostics.find((x) => codeOf(x) === UNKNOWN_NODE)!;
      const line = lineOf(doc, BAD_WEIGHT_LINE);
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
      assert.strictEqual(d.source, 'nnet');
      assert.strictEqual(d.range.start.line, line, describeDiagnostic(d));
      assert.strictEqual(doc.getText(d.range), 'H9', `range ${describeDiagnostic(d)} should cover exactly H9`);
      assert.match(d.message, /H9/);
      // The rest of the example is fine: the bad line is the only error.
      assert.deepStrictEqual(
        errorsOf(diagnostics).map((x) => x.range.start.line),
        [line],
        diagnostics.map(describeDiagnostic).join('\n'),
      );
    });

    it('checks an untitled nnet document as it is typed', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'nnet', content: await readExample('heaton-xor.nnet') });
      const editor = await vscode.window.showTextDocument(doc);
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      assert.ok(await editor.edit((b) => b.insert(end, `\n${BAD_WEIGHT_LINE}\n`)));
      const diagnostics = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === UNKNOWN_NODE), UNKNOWN_NODE);
      const d = diagnostics.find((x) => codeOf(x) === UNKNOWN_NODE)!;
      assert.strictEqual(doc.getText(d.range), 'H9');
    });
  });

  describe('formatting', () => {
    const MESSY = [
      '#   XOR, badly spaced',
      'network    xor',
      'layer input I1   I2 bias B1',
      'layer   hidden  H1 H2 sigmoid bias B2',
      'layer output O1 sigmoid',
      'I1->H1=-0.07',
      'I2  ->   H1 =   0.22',
      'B1 -> H1=-0.46',
      'I1->H2 = 0.94',
      'I2 -> H2 =0.46',
      'B1 ->H2 = 0.10',
      'H1 -> O1 = -0.22',
      'H2->O1=0.58',
      'B2 -> O1 = 0.78',
      'loss    mse',
      'sample 1 0  ->  1',
      '',
    ].join('\n');
    const OPTIONS: vscode.FormattingOptions = { tabSize: 2, insertSpaces: true };

    async function formatEdits(uri: vscode.Uri): Promise<vscode.TextEdit[]> {
      return (await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', uri, OPTIONS)) ?? [];
    }

    it('formats a badly spaced document, is idempotent, and undo restores the text', async () => {
      const uri = await scratch.write('messy.nnet', MESSY);
      const editor = await openInEditor(uri);
      const doc = editor.document;
      // The checker must accept the messy file: spacing is not an error.
      await activated();

      const edits = await formatEdits(uri);
      assert.ok(edits.length > 0, 'the formatter returned no edits for a badly spaced document');
      const we = new vscode.WorkspaceEdit();
      we.set(uri, edits);
      assert.ok(await vscode.workspace.applyEdit(we), 'applying the formatting edits failed');
      const formatted = doc.getText();
      assert.notStrictEqual(formatted, MESSY);
      assert.match(formatted, /^I1 -> H1 = -0\.07$/m, 'weight lines get single spaces around -> and =');
      // Comments and structure survive: same statements, same order.
      const words = (t: string) => t.replace(/->|=/g, ' $& ').split(/\s+/).filter(Boolean);
      assert.deepStrictEqual(words(formatted), words(MESSY), 'formatting changed more than whitespace');
      assert.deepStrictEqual(await formatEdits(uri), [], 'formatting a formatted document should change nothing');

      await vscode.commands.executeCommand('undo');
      await waitFor('undo to restore the messy text', () => doc.getText() === MESSY);
    });

    it('runs through the Format Document command', async () => {
      const uri = await scratch.write('messy-command.nnet', MESSY);
      const editor = await openInEditor(uri);
      await vscode.commands.executeCommand('editor.action.formatDocument');
      await waitFor('Format Document to change the text', () => editor.document.getText() !== MESSY);
      assert.match(editor.document.getText(), /^I2 -> H1 = +0\.22$/m);
    });
  });

  describe('snippets', () => {
    it('offers the contributed nnet snippets in completion', async () => {
      const uri = await scratch.write('snippets.nnet', '\n');
      await openInEditor(uri);
      const list = await waitFor('completion items', () =>
        vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, 0)),
      );
      const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
      assert.ok(snippets.length > 0, `no snippet among ${list.items.length} completion items`);
    });
  });
});
