// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';
import type { Convention } from '../core';

export interface Settings {
  readonly deltaLenses: boolean;
  readonly gradientLenses: boolean;
  readonly sampleLenses: boolean;
  /** Where weight gradients appear: CodeLens above the line, or inlay hints at its end. */
  readonly gradientDisplay: 'codelens' | 'inlayHints';
  readonly hoverDetail: 'brief' | 'full';
  /** Significant digits. */
  readonly precision: number;
  /** Largest file (in KB) whose gradients are computed automatically on open and save. */
  readonly autoComputeMaxSizeKB: number;
  /** Convention for files without a `convention` line. */
  readonly defaultConvention: Convention;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('nnet', scope);
  return {
    deltaLenses: c.get('lenses.deltas', true),
    gradientLenses: c.get('lenses.gradients', true),
    sampleLenses: c.get('lenses.samples', true),
    gradientDisplay: c.get('gradients.display', 'codelens'),
    hoverDetail: c.get('hover.detail', 'full'),
    precision: Math.min(17, Math.max(1, Math.round(c.get('precision', 5)))),
    autoComputeMaxSizeKB: c.get('autoCompute.maxFileSizeKB', 512),
    defaultConvention: c.get('defaultConvention', 'calculus'),
  };
}
