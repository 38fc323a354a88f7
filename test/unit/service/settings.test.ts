// The settings' defaults are written once (core/service/gradients.ts); package.json's
// contributes.configuration must say the same, and both readers (VS Code's key-by-key
// WorkspaceConfiguration.get and an LSP client's section) must agree.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, settingsFrom, settingsWith } from '../../../src/core';
import { ROOT } from '../helpers';

interface Contributed {
  readonly default?: unknown;
}

const contributed = (): Record<string, Contributed> => JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.configuration.properties;

describe('service: settings', () => {
  it("package.json's defaults are core's defaults, for every nnet.* setting the lenses and hovers read", () => {
    const props = contributed();
    const keys = Object.keys(props).filter((k) => k.startsWith('nnet.'));
    // Read each key through settingsWith, answering only the key asked for with its package.json default.
    const asked: string[] = [];
    const fromPackage = settingsWith((key) => {
      asked.push(key);
      return props[`nnet.${key}`]?.default;
    });
    assert.deepEqual(fromPackage, DEFAULT_SETTINGS);
    assert.equal(asked.length, Object.keys(DEFAULT_SETTINGS).length, 'one key per setting');
    for (const key of asked) assert.ok(keys.includes(`nnet.${key}`), `nnet.${key} is contributed`);
  });

  it('nested sections, dotted keys and key-by-key reads agree; ill-typed values fall back to the defaults', () => {
    const values = { 'lenses.deltas': false, 'gradients.display': 'inlayHints', precision: 3.4, 'hover.detail': 'loud', 'autoCompute.maxFileSizeKB': 'big' };
    const flat = settingsFrom(values);
    const nested = settingsFrom({ lenses: { deltas: false }, gradients: { display: 'inlayHints' }, precision: 3.4, hover: { detail: 'loud' }, autoCompute: { maxFileSizeKB: 'big' } });
    const byKey = settingsWith((key) => (values as Record<string, unknown>)[key]);
    assert.deepEqual(nested, flat);
    assert.deepEqual(byKey, flat);
    assert.deepEqual(flat, { ...DEFAULT_SETTINGS, deltaLenses: false, gradientDisplay: 'inlayHints', precision: 3 });
  });
});
