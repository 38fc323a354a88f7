// What Variables shows at a stop: the scopes of the top frame (the node or weight being
// computed, its layer, the weights into the node, the sample, the loss) and of each chain-rule
// link below it. Plain data; the adapter turns it into DAP scopes and variables.
import { layerQuantities, nodeByName, weightsInto, type BackpropProgram, type ProgramStep, type Quantity } from '../core';

export interface ScopeData {
  readonly name: string;
  readonly quantities: readonly Quantity[];
  /** DAP presentation hint: `locals` expands first in VS Code. */
  readonly hint?: 'arguments' | 'locals' | 'registers';
}

export function topScopes(program: BackpropProgram, step: ProgramStep, position: number, operation: number): ScopeData[] {
  const scopes: ScopeData[] = [];
  const current: Quantity[] = [];
  if (operation >= 0) {
    const op = step.operations[operation];
    current.push({ name: `▸ ${op.label}`, value: op.value });
  }
  for (const v of step.variables) current.push(v);
  const what = step.node ? `Node ${step.node.name}` : step.weight ? `Weight ${step.weight.from}→${step.weight.to}` : 'Error';
  scopes.push({ name: what, quantities: current, hint: 'locals' });
  const layer = program.network.layers[step.layer];
  scopes.push({ name: `Layer ${layer.name}`, quantities: layerQuantities(program, step.layer, position) });
  if (step.node && step.node.layer > 0) {
    scopes.push({ name: `Weights into ${step.node.name}`, quantities: weightsInto(program, step.node.layer, step.node.index, position) });
  } else if (step.weight) {
    const to = nodeByName(program.network, step.weight.to)?.index ?? -1;
    scopes.push({ name: `Weights into ${step.weight.to}`, quantities: weightsInto(program, step.weight.pair + 1, to, position) });
  }
  scopes.push({ name: `Sample ${program.sample + 1}`, quantities: program.sampleQuantities() });
  scopes.push({ name: `Loss (${program.network.loss})`, quantities: position >= program.errorStep ? program.lossQuantities() : [] });
  return scopes;
}

/** `0.04522951472920882` — every digit, so a value can be compared with the engine's. */
export function showValue(value: number): string {
  if (Object.is(value, -0)) return '0';
  return String(value);
}
