// Spreading an array into a call (`push(...rows)`, `Math.max(...values)`,
// `String.fromCharCode(...bytes)`) puts every element on the stack: with data-sized arrays it
// throws "Maximum call stack size exceeded" (around 100k elements). This test reads every
// source file of src/ and webview/ with the TypeScript parser and fails on any spread in call
// or `new` arguments, except the few below whose arrays are provably small constants.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../../..');

/** `file: spread expression` pairs allowed, each with why it is small. */
const ALLOWED = new Map<string, string>([
  // (None today: the in-host completion provider that spread its trigger characters is gone; the language server serves completion.)
]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every spread in call/new arguments as `file:line: expression`. */
export function callSpreads(file: string, text: string): { key: string; where: string }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { key: string; where: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      const expression = node.expression.getText(source);
      found.push({ key: `${file}: ${expression}`, where: `${file}:${line}: ...${expression}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('hostile: no spread of arrays into calls', () => {
  it('finds a spread in a call when there is one (the scanner works)', () => {
    const found = callSpreads('x.ts', 'a.push(...rows); Math.max(...xs); new Set(...z); const y = [...rows]; f(a, b);');
    assert.deepEqual(
      found.map((f) => f.where),
      ['x.ts:1: ...rows', 'x.ts:1: ...xs', 'x.ts:1: ...z'],
    );
  });

  it('src/ and webview/ spread no array into a call', () => {
    const files = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'webview'))];
    assert.ok(files.length > 50, `found only ${files.length} source files`);
    const offending: string[] = [];
    for (const file of files) {
      const relative = path.relative(ROOT, file).split(path.sep).join('/');
      for (const spread of callSpreads(relative, fs.readFileSync(file, 'utf8'))) {
        if (!ALLOWED.has(spread.key)) offending.push(spread.where);
      }
    }
    assert.deepEqual(offending, [], 'use a loop (or reduce) instead of spreading into a call');
  });
});
