// Neovim's built-in LSP client (Debian's neovim 0.7.2, headless) against `nnet lsp --stdio`:
// it sees diagnostics, a δ lens and a resolved gradient lens, and the hover derivation, with
// the reference figures δ(O1) 0.0452295 and g(H1→O1) 0.0167583. Run by `npm run test:neovim`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

interface Findings {
  diagnostics: { lnum: number; col: number; message: string; code: string | null; severity: number }[];
  lenses: { line: number; title: string | null }[];
  resolved: { line: number; title: string }[];
  shown: { line: number; title: string }[];
  hover: string;
  errors: string[];
}

describe('Neovim (built-in LSP client) with nnet lsp --stdio', function () {
  this.timeout(120000);
  let findings: Findings;
  let dir: string;

  before(() => {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (version.error) throw new Error("nvim is not installed: 'apt-get install -y neovim' (.ci/run does this)");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-nvim-'));
    const xor = path.join(dir, 'heaton-xor.nnet');
    fs.copyFileSync(path.join(ROOT, 'examples/heaton-xor.nnet'), xor);
    const broken = path.join(dir, 'broken.nnet');
    fs.writeFileSync(broken, 'layer input I1\nlayer output O1 sigmoid\nI1 -> O9 = 0.5\nsample 1 -> 1\n');
    const result = path.join(dir, 'result.json');
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${path.join(ROOT, 'test/neovim/test.lua')}`], {
      env: { ...process.env, NNET_CLI: path.join(ROOT, 'bin/nnet.js'), NNET_XOR: xor, NNET_BROKEN: broken, NNET_RESULT: result },
      encoding: 'utf8',
      timeout: 100000,
    });
    assert.ok(fs.existsSync(result), `Neovim wrote no result (status ${run.status}, signal ${run.signal}): ${run.stderr}${run.stdout}`);
    findings = JSON.parse(fs.readFileSync(result, 'utf8')) as Findings;
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ran without Lua errors', () => {
    assert.deepEqual(findings.errors, []);
  });

  it('sees the diagnostics with their codes', () => {
    const unknown = findings.diagnostics.find((d) => d.code === 'nnet/unknown-node');
    assert.ok(unknown, JSON.stringify(findings.diagnostics));
    assert.equal(unknown.lnum, 2);
    assert.match(unknown.message, /unknown node 'O9'/);
    assert.equal(unknown.severity, 1);
  });

  it('sees the δ lens and the gradient lens', () => {
    assert.ok(findings.lenses.some((l) => l.line === 6 && l.title === 'δ(O1) 0.0452295'), JSON.stringify(findings.lenses));
    // A small file's weight lenses come complete; a big file's through codeLens/resolve (the script resolves those).
    const h1o1 = [...findings.lenses, ...findings.resolved].filter((l) => l.line === 14 && l.title);
    assert.deepEqual(h1o1, [{ line: 14, title: 'g 0.0167583 · next Δw 0.0117308' }]);
  });

  it("shows lenses through Neovim's own code-lens display, plain titles without codicons", () => {
    assert.ok(findings.shown.some((l) => l.line === 14 && l.title === 'g 0.0167583 · next Δw 0.0117308'), JSON.stringify(findings.shown));
    assert.ok(findings.shown.every((l) => !l.title.includes('$(')));
  });

  it('sees the hover derivation', () => {
    assert.match(findings.hover, /0\.0167583/);
    assert.match(findings.hover, /0\.0452295/);
  });
});
