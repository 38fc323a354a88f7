// One string per distinct word: the names of 100k weight lines are a few hundred distinct
// strings, so the tree shares them instead of keeping two fresh copies per line. Words are
// looked up in place (hash of the characters, compared with `startsWith`), so a repeated name
// allocates nothing. Each distinct word has a number (its place in `words`), which is what a
// weight line keeps.

export class Interner {
  /** The distinct words, in the order first seen. */
  readonly words: string[] = [];
  /** Open addressing: 1 + the word's number, 0 for a free slot. */
  private table = new Int32Array(256);

  constructor(private readonly text: string) {}

  /** The word `text[from, to)`, the same string each time it is asked for. */
  word(from: number, to: number): string {
    return this.words[this.id(from, to)];
  }

  /** The number of the word `text[from, to)`. */
  id(from: number, to: number): number {
    const text = this.text;
    const mask = this.table.length - 1;
    for (let k = hash(text, from, to) & mask; ; k = (k + 1) & mask) {
      const seen = this.table[k];
      if (seen === 0) {
        const id = this.words.length;
        this.words.push(text.slice(from, to));
        this.table[k] = id + 1;
        if (this.words.length * 2 > this.table.length) this.grow();
        return id;
      }
      const word = this.words[seen - 1];
      if (word.length === to - from && text.startsWith(word, from)) return seen - 1;
    }
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2);
    const mask = this.table.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      const word = this.words[id];
      let k = hash(word, 0, word.length) & mask;
      while (this.table[k] !== 0) k = (k + 1) & mask;
      this.table[k] = id + 1;
    }
  }
}

function hash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
