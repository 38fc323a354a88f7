// The hover on a weight (its line or a matrix entry) or a node name: the chain-rule derivation
// with the real numbers, rendered from the engine's explanation data. Keyword hovers are
// `hoverAt` (hover.ts); `hoverFor` gives the one hover of a position.
import type { Derivation } from '../explain/derivation';
import { renderMarkdown } from '../explain/render';
import { sourcesOf } from '../model/lookup';
import type { Position, Range } from '../types';
import { isStale, type GradientView } from './gradients';
import { hoverAt } from './hover';
import { GRADIENT_COMMANDS, layerPair } from './lenses';
import { targetAt } from './targets';

export interface GradientHover {
  readonly range: Range;
  readonly markdown: string;
  /** Commands the Markdown links to (`command:` links): an editor trusts exactly these. */
  readonly commands: readonly string[];
}

/** The derivation hover at `p`, or undefined when `p` is on no weight or node. */
export function gradientHoverAt(view: GradientView, p: Position): GradientHover | undefined {
  const target = targetAt(view.check.tree, p);
  if (!target) return undefined;
  const results = view.results;
  const commands = [GRADIENT_COMMANDS.compute];
  const link = `command:${GRADIENT_COMMANDS.compute}?${encodeURIComponent(JSON.stringify([view.uri]))}`;
  if (!results) return { range: target.range, markdown: `Gradients are not computed yet. [Compute gradients](${link})`, commands };
  let derivation: Derivation | undefined;
  if (target.kind === 'weight') derivation = results.explainer.explainWeight(target.from, target.to);
  else if (target.kind === 'node') derivation = results.explainer.explainNode(target.name);
  else if (view.check.network) {
    const pair = layerPair(view.check.network, target.statement);
    if (pair) {
      const [from, to] = pair;
      const dest = to.nodes[target.row]?.name;
      const source = sourcesOf(view.check.network, from.index)[target.column]?.name;
      if (dest && source) derivation = results.explainer.explainWeight(source, dest);
    }
  }
  if (!derivation) return undefined;
  let markdown = renderMarkdown(derivation, { precision: view.settings.precision, detail: view.settings.hoverDetail });
  if (isStale(view)) markdown += `\n\n*Stale: the file changed since these numbers were computed.* [Recompute](${link})`;
  return { range: target.range, markdown, commands };
}

/** The hover at `p`: keyword documentation, else the gradient derivation. */
export function hoverFor(view: GradientView, text: string, p: Position): GradientHover | undefined {
  const keyword = hoverAt({ text, result: view.check }, p);
  if (keyword) return { range: keyword.range, markdown: keyword.markdown, commands: [] };
  return gradientHoverAt(view, p);
}
