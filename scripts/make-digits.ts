// Writes examples/digits.csv: 8×8 digit glyphs with seeded noise and one-pixel shifts,
// 64 input columns (pixel intensity 0..1) then 10 one-hot target columns.
// Run: npx tsc -p . && node out/scripts/make-digits.js
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from '../src/core/model/random';

const GLYPHS = [
  ['..####..', '.#....#.', '#......#', '#......#', '#......#', '#......#', '.#....#.', '..####..'],
  ['...##...', '..###...', '.#.##...', '...##...', '...##...', '...##...', '...##...', '.######.'],
  ['..####..', '.#....#.', '......#.', '.....#..', '....#...', '...#....', '..#.....', '.######.'],
  ['.#####..', '......#.', '......#.', '..####..', '......#.', '......#.', '......#.', '.#####..'],
  ['....##..', '...#.#..', '..#..#..', '.#...#..', '#######.', '.....#..', '.....#..', '.....#..'],
  ['.######.', '.#......', '.#......', '.#####..', '......#.', '......#.', '.#....#.', '..####..'],
  ['..####..', '.#......', '#.......', '#.####..', '##....#.', '#......#', '.#....#.', '..####..'],
  ['.######.', '......#.', '.....#..', '....#...', '...#....', '...#....', '...#....', '...#....'],
  ['..####..', '.#....#.', '.#....#.', '..####..', '.#....#.', '#......#', '.#....#.', '..####..'],
  ['..####..', '.#....#.', '#......#', '.#....##', '..####.#', '.......#', '......#.', '..####..'],
];

function render(digit: number, random: Random): number[] {
  const dx = Math.floor(random.nextDouble() * 3) - 1;
  const dy = Math.floor(random.nextDouble() * 3) - 1;
  const pixels: number[] = [];
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const sy = y - dy;
      const sx = x - dx;
      const on = sy >= 0 && sy < 8 && sx >= 0 && sx < 8 && GLYPHS[digit][sy][sx] === '#';
      const base = on ? 0.75 + 0.25 * random.nextDouble() : 0.15 * random.nextDouble();
      pixels.push(Math.round(base * 100) / 100);
    }
  }
  return pixels;
}

function main(): void {
  const random = new Random(2026);
  const rows: string[] = [];
  for (let copy = 0; copy < 30; copy++) {
    for (let digit = 0; digit < 10; digit++) {
      const targets = Array.from({ length: 10 }, (_, k) => (k === digit ? 1 : 0));
      rows.push([...render(digit, random), ...targets].join(','));
    }
  }
  const out = path.resolve(__dirname, '../../examples/digits.csv');
  fs.writeFileSync(out, rows.join('\n') + '\n');
  console.log(`wrote ${rows.length} rows to ${out}`);
}

main();
