// `npm run vsix` makes a production package holding only what the installed extension
// reads. This test packages into a temporary folder with the same vsce command (which runs
// `vscode:prepublish`, the production build) and reads the zip.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers';
import { zipEntries, zipRead, type ZipEntry } from './zip';

/** Every path a .vsix of nnet may contain (vsce adds the manifest, content types and renames README/CHANGELOG/LICENSE). */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|language-configuration\.json)$/,
  /^extension\/syntaxes\/[\w.-]+\.json$/,
  /^extension\/snippets\/[\w.-]+\.(json|code-snippets)$/,
  /^extension\/dist\/[\w-]+\.js$/,
  /^extension\/dist\/webview\/[\w-]+\.(js|css)$/,
  /^extension\/dist\/web\/[\w-]+\.js$/,
  /^extension\/media\/(icon\.png|nnet-file-(light|dark)\.svg)$/,
  /^extension\/media\/walkthrough\/[\w-]+\.(md|png)$/,
  /^extension\/examples\/[\w-]+\.(nnet|csv)$/,
];

interface Manifest {
  icon: string;
  main: string;
  contributes: {
    languages: { icon?: { light: string; dark: string }; configuration?: string }[];
    grammars: { path: string }[];
    snippets: { path: string }[];
    walkthroughs: { steps: { media: { markdown?: string; image?: string } }[] }[];
  };
}

describe('release: the .vsix package', function () {
  this.timeout(300000);
  let dir: string;
  let vsix: Buffer;
  let entries: ZipEntry[];
  const names = (): string[] => entries.map((e) => e.name);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-vsix-'));
    const out = path.join(dir, 'nnet.vsix');
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `vsce package:\n${result.stdout}\n${result.stderr}`);
    vsix = fs.readFileSync(out);
    entries = zipEntries(vsix);
    const kb = (vsix.length / 1024).toFixed(0);
    console.log(`      nnet .vsix: ${entries.length} files, ${kb} KB`);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds only allow-listed files: no source maps, sources, tests or node_modules', () => {
    for (const name of names()) {
      assert.ok(ALLOWED.some((re) => re.test(name)), `${name} is not on the allow-list`);
      assert.doesNotMatch(name, /\.map$|node_modules|\/src\/|\/test\/|\.ts$/, name);
    }
    assert.ok(!names().includes('extension/dist/cli.js'), 'the CLI bundle is not part of the extension');
  });

  it('holds every file the manifest names', () => {
    const manifest = JSON.parse(zipRead(vsix, entries.find((e) => e.name === 'extension/package.json')!).toString('utf8')) as Manifest;
    const c = manifest.contributes;
    const wanted = [
      manifest.main,
      manifest.icon,
      ...c.languages.flatMap((l) => [l.configuration, l.icon?.light, l.icon?.dark]),
      ...c.grammars.map((g) => g.path),
      ...c.snippets.map((s) => s.path),
      ...c.walkthroughs.flatMap((w) => w.steps.flatMap((s) => [s.media.markdown, s.media.image])),
    ].filter((f): f is string => !!f);
    assert.ok(wanted.length >= 10, wanted.join(', '));
    for (const f of wanted) {
      const name = `extension/${path.posix.normalize(f.replace(/^\.\//, ''))}`;
      assert.ok(names().includes(name), `${f} (named in package.json) is not in the package`);
    }
    // Images the walkthrough's Markdown shows sit beside it.
    for (const md of names().filter((n) => /walkthrough\/.*\.md$/.test(n))) {
      const text = zipRead(vsix, entries.find((e) => e.name === md)!).toString('utf8');
      for (const m of text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
        assert.ok(names().includes(path.posix.join(path.posix.dirname(md), m[1])), `${md} shows ${m[1]}, which is not in the package`);
      }
    }
  });

  it('ships every bundle the production build makes (except the CLI), minified and without source maps', () => {
    const bundles = fs
      .readdirSync(path.join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' })
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => /\.(js|css)$/.test(f) && f !== 'cli.js');
    assert.ok(bundles.includes('extension.js') && bundles.includes('train-worker.js'), bundles.join(', '));
    for (const b of bundles) assert.ok(names().includes(`extension/dist/${b}`), `dist/${b} is built but not packaged (add it to .vscodeignore)`);
    const main = zipRead(vsix, entries.find((e) => e.name === 'extension/dist/extension.js')!).toString('utf8');
    assert.doesNotMatch(main, /sourceMappingURL/);
    // Minified: few, long lines.
    assert.ok(main.split('\n').length < main.length / 500, 'dist/extension.js is minified');
    assert.ok(!fs.readdirSync(path.join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.map')), 'the production build leaves no source maps in dist/');
  });

  it('ships the examples with the data files they read', () => {
    for (const f of ['heaton-xor.nnet', 'matrix.nnet', 'digits.nnet', 'digits.csv']) assert.ok(names().includes(`extension/examples/${f}`), f);
  });
});
