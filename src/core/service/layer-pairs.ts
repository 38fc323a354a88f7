// The layer pair each weight statement writes to, for the outline and the folding ranges: a
// number per pair (no `from → to` string per statement), each node's layer looked up once
// (100k weight lines name only ~1,000 nodes).
import type { Statement } from '../syntax/ast';
import { weightNodeNames } from '../model/build';
import type { NameIndex } from './names';

/** Room for the `to` layer in a pair's key (more layers than lines any file can hold). */
const TO = 2 ** 26;

export class LayerPairs {
  /** Each node name's layer; -1: no such node. */
  private readonly layerOfNode = new Map<string, number>();

  constructor(private readonly index: NameIndex) {}

  /** A number for the statement's layer pair, the same for the same pair; -1 when a name is unknown or the statement holds no weights. */
  keyOf(s: Statement): number {
    let from: number | undefined;
    let to: number | undefined;
    if (s.kind === 'weight') {
      const names = weightNodeNames(s);
      from = this.layerOf(names.from);
      to = this.layerOf(names.to);
    } else if (s.kind === 'weights') {
      from = this.index.layer(s.from.text)?.index;
      to = this.index.layer(s.to.text)?.index;
    }
    return from === undefined || to === undefined || from < 0 || to < 0 ? -1 : from * TO + to;
  }

  /** The layer names of a pair's key (from `keyOf`, not -1). */
  names(key: number): { from: string; to: string } {
    return { from: this.index.layers[Math.floor(key / TO)].name, to: this.index.layers[key % TO].name };
  }

  private layerOf(name: string): number {
    let layer = this.layerOfNode.get(name);
    if (layer === undefined) {
      layer = this.index.node(name)?.layer ?? -1;
      this.layerOfNode.set(name, layer);
    }
    return layer;
  }
}
