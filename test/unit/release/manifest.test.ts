// The extension manifest (package.json) as VS Code and the Marketplace read it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';

interface Manifest {
  [key: string]: unknown;
  main: string;
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces?: boolean | { supported: boolean | 'limited'; description?: string };
  };
  contributes: {
    configuration: { properties: Record<string, { scope?: string; type: string }> };
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('release: manifest', () => {
  it('runs in Restricted Mode (the extension runs no workspace code)', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.ok(trust, 'capabilities.untrustedWorkspaces is declared');
    if (trust.supported === 'limited') {
      assert.ok(trust.description && trust.restrictedConfigurations?.length, 'limited support names its reason and the restricted settings');
    } else {
      assert.equal(trust.supported, true);
    }
  });

  it('declares support for virtual workspaces (CSV data is read through workspace.fs there)', () => {
    assert.equal(manifest.capabilities?.virtualWorkspaces, true);
  });

  it('has a browser entry for VS Code for the Web beside the desktop entry', () => {
    const pkg = manifest as unknown as { main?: string; browser?: string };
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.browser, './dist/web/extension.js');
  });

  it('gives every setting a scope', () => {
    const scopes = new Set(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable']);
    for (const [name, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok(setting.scope && scopes.has(setting.scope), `${name}: scope ${setting.scope}`);
    }
  });

  it('declares only settings the code reads', () => {
    const dir = path.join(ROOT, 'src');
    const source = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    for (const name of Object.keys(manifest.contributes.configuration.properties)) {
      const key = name.replace(/^nnet\./, '');
      assert.ok(source.includes(`'${key}'`) || source.includes(`'${name}'`), `${name} is declared but never read in src/`);
    }
  });

  it('puts only declared commands in menus, all in the NNet category', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'NNet', c.command);
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(declared.has(item.command), `${menu}: ${item.command} is not a declared command`);
    }
  });

  it('shows Apply Trained Weights only through the per-document context key', () => {
    const uses = Object.values(manifest.contributes.menus)
      .flat()
      .filter((i) => i.command === 'nnet.applyTrainedWeights');
    assert.ok(uses.length > 0);
    for (const u of uses) assert.match(u.when ?? '', /\bnnet\.hasTrainedWeights\b/);
    // One place sets it: the module that follows the active editor.
    const dir = path.join(ROOT, 'src', 'extension');
    const setters = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /nnet\.hasTrainedWeights|TRAINED_CONTEXT\s*,/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    assert.deepEqual(setters, ['context-keys.ts']);
  });

  it('README lists every command and every setting', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const c of manifest.contributes.commands) assert.ok(readme.includes(`**NNet: ${c.title}**`), `README: command NNet: ${c.title}`);
    for (const name of Object.keys(manifest.contributes.configuration.properties)) assert.ok(readme.includes(`\`${name}\``), `README: setting ${name}`);
  });
});
