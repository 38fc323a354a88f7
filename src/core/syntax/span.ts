// Ranges made from numbers (a line and two characters), for the compact tree nodes.
import type { Range } from '../types';

/** The range of characters [start, end) on `line`. */
export function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
