// One string per distinct word: the names of 100k weight lines are a few hundred distinct
// strings, so the tree shares them instead of keeping two fresh copies per line. Words are
// looked up in place (hash of the characters, compared with `startsWith`), so a repeated name
// allocates nothing.

export class Interner {
  private table: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);
  private count = 0;

  constructor(private readonly text: string) {}

  /** The word `text[from, to)`, the same string each time it is asked for. */
  word(from: number, to: number): string {
    const text = this.text;
    const mask = this.table.length - 1;
    for (let k = hash(text, from, to) & mask; ; k = (k + 1) & mask) {
      const seen = this.table[k];
      if (seen === undefined) {
        const word = text.slice(from, to);
        this.table[k] = word;
        if (++this.count * 2 > this.table.length) this.grow();
        return word;
      }
      if (seen.length === to - from && text.startsWith(seen, from)) return seen;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Array<string | undefined>(old.length * 2).fill(undefined);
    const mask = this.table.length - 1;
    for (const word of old) {
      if (word === undefined) continue;
      let k = hash(word, 0, word.length) & mask;
      while (this.table[k] !== undefined) k = (k + 1) & mask;
      this.table[k] = word;
    }
  }
}

function hash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
