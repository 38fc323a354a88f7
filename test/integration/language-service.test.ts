// In-host tests of the language service (served by the nnet language server, src/server/): completion, keyword hovers,
// definition, references, highlights, rename, document symbols, folding and quick fixes, each
// through VS Code's own `vscode.execute…` commands against the registered providers.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activated, codeOf, useScratchSuite, describeDiagnostic, errorsOf, lineOf, openInEditor, readExample, waitFor, waitForDiagnostics } from './helpers';

const MISSING = 'nnet/missing-weight';

/** The text of line `line` with the needle's `occurrence`-th appearance, as a position `offset` into it. */
function pos(doc: vscode.TextDocument, line: number, needle: string, offset = 0, occurrence = 1): vscode.Position {
  const text = doc.lineAt(line).text;
  let at = -1;
  for (let k = 0; k < occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' not on line ${line}: ${text}`);
  }
  return new vscode.Position(line, at + offset);
}

function word(doc: vscode.TextDocument, line: number, needle: string, occurrence = 1): vscode.Range {
  const start = pos(doc, line, needle, 0, occurrence);
  return new vscode.Range(start, start.translate(0, needle.length));
}

function show(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

async function completions(uri: vscode.Uri, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, trigger);
  return list?.items ?? [];
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/**
 * Our items: contributed snippets and VS Code's word-based suggestions (kind Text, which the
 * command adds whenever the language's providers return nothing) left out.
 */
function ours(items: readonly vscode.CompletionItem[]): vscode.CompletionItem[] {
  return items.filter((i) => i.kind !== vscode.CompletionItemKind.Text && (i.kind !== vscode.CompletionItemKind.Snippet || labelOf(i).startsWith('[')));
}

function insertTextOf(item: vscode.CompletionItem): string {
  const t = item.insertText;
  return t === undefined ? labelOf(item) : typeof t === 'string' ? t : t.value;
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

function targetOf(l: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : { uri: l.uri, range: l.range };
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a && !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
}

describe('language service in a real VS Code', function () {
  this.timeout(60_000);
  const suite = useScratchSuite('language');

  /** Opens `text` as a scratch file once the extension is active (so its providers are registered). */
  async function open(name: string, text: string): Promise<vscode.TextEditor> {
    const editor = await openInEditor(await suite.scratch.write(name, text));
    await activated();
    return editor;
  }

  describe('completion', () => {
    it('offers keywords and source nodes at the start of a line, snippets shaped for the file', async () => {
      const editor = await open('complete-start.nnet', `${suite.xor.trimEnd()}\n\n`);
      const doc = editor.document;
      const at = new vscode.Position(doc.lineCount - 1, 0);
      const items = await waitFor('our completion items', async () => {
        const list = ours(await completions(doc.uri, at));
        return list.some((i) => labelOf(i) === 'I1') ? list : undefined;
      });
      const labels = items.map(labelOf);
      for (const expected of ['layer', 'weights', 'sample', 'data', 'I1', 'I2', 'B1', 'H1', 'H2', 'B2']) assert.ok(labels.includes(expected), `${expected} missing from ${labels.join(', ')}`);
      // Statements that may appear once and are already there, and output nodes, are not offered.
      for (const absent of ['network', 'convention', 'loss', 'train', 'O1']) assert.ok(!labels.includes(absent), `${absent} should not be offered`);
      const sample = items.find((i) => labelOf(i) === 'sample' && i.kind === vscode.CompletionItemKind.Keyword)!;
      assert.ok(sample.insertText instanceof vscode.SnippetString);
      assert.strictEqual(sample.insertText.value, 'sample ${1:0} ${2:0} -> ${3:0}');
      const i1 = items.find((i) => labelOf(i) === 'I1')!;
      assert.strictEqual(i1.kind, vscode.CompletionItemKind.Variable);
      assert.strictEqual(insertTextOf(i1), 'I1 -> ');
      assert.strictEqual(i1.command?.command, 'editor.action.triggerSuggest');
    });

    it('after `->`, offers the target nodes whose weight is still missing', async () => {
      const partial = suite.xor.replace('I1 -> H2 =  0.94\n', '');
      const editor = await open('complete-arrow.nnet', `${partial.trimEnd()}\nI1 ->`);
      const doc = editor.document;
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const items = ours(await completions(doc.uri, end, '>'));
      assert.deepStrictEqual(items.map(labelOf), ['H2']);
      assert.strictEqual(insertTextOf(items[0]), 'H2 = ');
    });

    it('offers the options of the line’s training method that are not used yet', async () => {
      const editor = await open('complete-train.nnet', `${suite.xor.trimEnd().replace(/^train .*$/m, 'train adam rate 0.001 ')}\n`);
      const doc = editor.document;
      const line = lineOf(doc, 'train adam rate 0.001');
      const items = ours(await completions(doc.uri, new vscode.Position(line, doc.lineAt(line).text.length), ' '));
      assert.deepStrictEqual(items.map(labelOf), ['beta1', 'beta2', 'epsilon', 'online', 'batch', 'epochs', 'until', 'seed', 'patience']);
      assert.strictEqual(items[0].kind, vscode.CompletionItemKind.Property);
      assert.match(String((items[0].documentation as vscode.MarkdownString).value), /first-moment/);
    });

    it('does not pop up on a typed space after node names (an activation is optional)', async () => {
      const editor = await open('complete-layer.nnet', 'layer input I1 I2\nlayer hidden H1 H2 \n');
      const doc = editor.document;
      const at = new vscode.Position(1, doc.lineAt(1).text.length);
      assert.deepStrictEqual(ours(await completions(doc.uri, at, ' ')).map(labelOf), []);
      const invoked = ours(await completions(doc.uri, at)).map(labelOf);
      assert.deepStrictEqual(invoked, ['linear', 'sigmoid', 'tanh', 'relu', 'leakyrelu', 'softmax', 'bias']);
    });
  });

  describe('hover', () => {
    it('documents keywords, activations and options, and leaves weight lines to the gradient hover', async () => {
      const editor = await open('hover.nnet', suite.xor);
      const doc = editor.document;
      const hidden = lineOf(doc, 'layer hidden H1 H2  sigmoid  bias B2');
      const sigmoid = await waitFor('the activation hover', async () => {
        const text = await hoverText(doc.uri, pos(doc, hidden, 'sigmoid', 2));
        return text.includes('activation') ? text : undefined;
      });
      assert.match(sigmoid, /\*\*sigmoid\*\* — activation/);
      assert.match(sigmoid, /`f′\(net\) = out · \(1 − out\)`/);
      assert.match(await hoverText(doc.uri, pos(doc, hidden, 'layer', 1)), /\*\*layer\*\* — statement/);
      const train = lineOf(doc, 'train backprop rate 0.7 momentum 0.3 online epochs 10000 until 0.01');
      assert.match(await hoverText(doc.uri, pos(doc, train, 'momentum', 1)), /`momentum N` — a number from 0 to 1; default 0/);
      assert.match(await hoverText(doc.uri, pos(doc, lineOf(doc, 'loss mse'), 'mse')), /\*\*mse\*\* — loss/);
      // A weight line and a node name: none of our documentation.
      const weight = await hoverText(doc.uri, pos(doc, lineOf(doc, 'H1 -> O1 = -0.22'), 'O1', 1));
      const node = await hoverText(doc.uri, pos(doc, hidden, 'H1', 1));
      for (const text of [weight, node]) assert.doesNotMatch(text, /— (statement|activation|loss|convention|modifier|bias node|backprop option)/);
    });
  });

  describe('navigation', () => {
    it('goes to a node’s definition and finds its references and highlights', async () => {
      const editor = await open('navigate.nnet', suite.xor);
      const doc = editor.document;
      const input = lineOf(doc, 'layer input  I1 I2           bias B1');
      const use = lineOf(doc, 'B1 -> H2 =  0.10');
      const definitions = await waitFor('a definition', async () => {
        const list = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, pos(doc, use, 'B1', 1));
        return list && list.length ? list : undefined;
      });
      assert.strictEqual(definitions.length, 1);
      const target = targetOf(definitions[0]);
      assert.strictEqual(target.uri.toString(), doc.uri.toString());
      assert.strictEqual(show(target.range), show(word(doc, input, 'B1')));

      const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, pos(doc, use, 'B1'));
      assert.deepStrictEqual(
        references.map((l) => show(l.range)).sort(),
        [word(doc, input, 'B1'), word(doc, lineOf(doc, 'B1 -> H1 = -0.46'), 'B1'), word(doc, use, 'B1')].map(show).sort(),
      );
      const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, pos(doc, use, 'B1'));
      assert.deepStrictEqual(
        highlights.map((h) => `${show(h.range)} ${vscode.DocumentHighlightKind[h.kind ?? 0]}`).sort(),
        [`${show(word(doc, input, 'B1'))} Write`, `${show(word(doc, lineOf(doc, 'B1 -> H1 = -0.46'), 'B1'))} Read`, `${show(word(doc, use, 'B1'))} Read`].sort(),
      );
    });

    it('renames a node array everywhere (x[3], x1, x[2]) and undo restores the text', async () => {
      const text = ['layer input x[3]', 'layer output y', 'x1 -> y = 0.1', 'x[2] -> y = 0.2', 'x3 -> y = 0.3', 'sample 1 2 3 -> 1', ''].join('\n');
      const editor = await open('rename.nnet', text);
      const doc = editor.document;
      const prepared = await waitFor('prepareRename', () =>
        vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, new vscode.Position(4, 1)),
      );
      assert.strictEqual(prepared.placeholder, 'x');
      assert.strictEqual(show(prepared.range), '4:0-4:1');
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, new vscode.Position(4, 1), 'px');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.strictEqual(doc.getText(), text.replace('x[3]', 'px[3]').replace('x1', 'px1').replace('x[2]', 'px[2]').replace('x3 ', 'px3 '));
      await vscode.commands.executeCommand('undo');
      await waitFor('undo to restore the text', () => doc.getText() === text);
    });

    it('refuses a rename onto an existing node with the reason', async () => {
      const editor = await open('rename-refused.nnet', suite.xor);
      const doc = editor.document;
      const at = pos(doc, lineOf(doc, 'H1 -> O1 = -0.22'), 'H1');
      await waitFor('the rename provider', async () =>
        vscode.commands.executeCommand('vscode.prepareRename', doc.uri, at).then(
          () => true,
          () => false,
        ),
      );
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at, 'H2')),
        /A node 'H2' already exists \(line 6\)\./,
      );
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', doc.uri, pos(doc, lineOf(doc, 'loss mse'), 'mse'))),
        /Only node and layer names can be renamed\./,
      );
    });
  });

  describe('outline and folding', () => {
    it('lists the network, its layers with their nodes, weights by layer pair and samples', async () => {
      const editor = await open('symbols.nnet', suite.xor);
      const symbols = await waitFor('document symbols', async () => {
        const list = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
        return list && list.length ? list : undefined;
      });
      assert.deepStrictEqual(
        symbols.map((s) => [s.name, vscode.SymbolKind[s.kind]]),
        [['xor', 'Module']],
      );
      const root = symbols[0];
      assert.deepStrictEqual(
        root.children.map((s) => s.name),
        ['convention', 'input', 'hidden', 'output', 'input → hidden', 'hidden → output', 'loss', 'train', 'samples'],
      );
      const hidden = root.children[2];
      assert.deepStrictEqual(
        hidden.children.map((s) => `${s.name} ${vscode.SymbolKind[s.kind]}`),
        ['H1 Field', 'H2 Field', 'B2 Constant'],
      );
      assert.strictEqual(root.children[4].children.length, 6);
      assert.strictEqual(root.children[8].detail, '4 samples');
    });

    it('folds weight runs, samples, comments and matrices', async () => {
      const matrix = await readExample('matrix.nnet');
      const editor = await open('folding.nnet', matrix);
      const ranges = await waitFor('folding ranges', async () => {
        const list = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', editor.document.uri);
        return list && list.length ? list : undefined;
      });
      assert.deepStrictEqual(
        ranges.map((r) => `${r.start}-${r.end}${r.kind === vscode.FoldingRangeKind.Comment ? ' comment' : ''}`),
        ['0-1 comment', '9-11', '18-21'],
      );
    });
  });

  describe('quick fixes', () => {
    async function diagnosticWith(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
      const list = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === code), code);
      return list.find((d) => codeOf(d) === code)!;
    }

    it('adds missing weights as 0 lines (preferred) or an init line; the error goes, undo brings it back', async () => {
      const broken = suite.xor.replace('I1 -> H2 =  0.94\nI2 -> H2 =  0.46\nB1 -> H2 =  0.10\n', '');
      const editor = await open('missing.nnet', broken);
      const doc = editor.document;
      const d = await diagnosticWith(doc.uri, MISSING);
      const actions = await quickFixes(doc.uri, d.range);
      // VS Code lists the preferred fix first.
      assert.deepStrictEqual(
        actions.map((a) => [a.title, !!a.isPreferred]),
        [
          ['Add 3 weight lines input → hidden with 0: I1 -> H2, I2 -> H2, B1 -> H2', true],
          ["Add 'weights input -> hidden = init xavier seed 1'", false],
        ],
      );
      const preferred = actions[0];
      assert.ok(await vscode.workspace.applyEdit(preferred.edit!));
      assert.ok(doc.getText().includes('B1 -> H1 = -0.46\nI1 -> H2 =  0\nI2 -> H2 =  0\nB1 -> H2 =  0\nH1 -> O1'), doc.getText());
      await waitForDiagnostics(doc.uri, (ds) => errorsOf(ds).length === 0, 'the missing weights to be fixed');
      await vscode.commands.executeCommand('undo');
      await waitFor('undo to restore the broken text', () => doc.getText() === broken);
      await diagnosticWith(doc.uri, MISSING);

      const init = (await quickFixes(doc.uri, d.range)).find((a) => a.title.startsWith("Add 'weights"))!;
      assert.ok(await vscode.workspace.applyEdit(init.edit!));
      assert.ok(doc.getText().includes('B1 -> H1 = -0.46\nweights input -> hidden = init xavier seed 1\n'));
      const after = await waitForDiagnostics(doc.uri, (ds) => errorsOf(ds).length === 0, 'the init fix to clear the errors');
      assert.deepStrictEqual(errorsOf(after).map(describeDiagnostic), []);
    });

    it('renames an unknown node to the suggestion', async () => {
      const text = suite.xor.replace('H2 -> O1 =  0.58', 'HH2 -> O1 = 0.58');
      const editor = await open('unknown-node.nnet', text);
      const doc = editor.document;
      const d = await diagnosticWith(doc.uri, 'nnet/unknown-node');
      const actions = await quickFixes(doc.uri, d.range);
      assert.deepStrictEqual(
        actions.map((a) => [a.title, a.isPreferred]),
        [["Change 'HH2' to 'H2'", true]],
      );
      assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
      assert.ok(doc.getText().includes('\nH2 -> O1 = 0.58\n'));
      const after = await waitForDiagnostics(doc.uri, (ds) => errorsOf(ds).length === 0, 'the unknown node and the missing weight to go');
      assert.deepStrictEqual(errorsOf(after).map(describeDiagnostic), []);
    });

    it('fixes a sample’s arity in one edit', async () => {
      const text = `${suite.xor.trimEnd()}\nsample 1 -> 1 0\n`;
      const editor = await open('arity.nnet', text);
      const doc = editor.document;
      const d = await diagnosticWith(doc.uri, 'nnet/sample-arity');
      const actions = await quickFixes(doc.uri, d.range);
      assert.deepStrictEqual(
        actions.map((a) => a.title),
        ['Fix the sample (2 inputs -> 1 target): add 1 input (0), drop 1 extra target'],
      );
      assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
      assert.strictEqual(doc.lineAt(doc.lineCount - 2).text, 'sample 1 0 -> 1');
      await waitForDiagnostics(doc.uri, (ds) => errorsOf(ds).length === 0, 'the arity errors to clear');
    });

    it('offers the fix as a quick fix only (the diagnostics it resolves are checked in test/server/)', async () => {
      const text = `${suite.xor.trimEnd()}\nsample 1 -> 1 0\n`;
      const editor = await open('arity-diagnostics.nnet', text);
      const doc = editor.document;
      const published = await waitForDiagnostics(doc.uri, (ds) => ds.filter((d) => codeOf(d) === 'nnet/sample-arity').length === 2, 'two arity diagnostics');
      const both = published.filter((d) => codeOf(d) === 'nnet/sample-arity');
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, both[0].range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      assert.strictEqual(actions.length, 1);
      assert.strictEqual(actions[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
      const refactors = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, both[0].range, vscode.CodeActionKind.Refactor.value)) ?? [];
      assert.deepStrictEqual(refactors, []);
    });
  });
});
