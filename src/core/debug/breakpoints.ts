// Where breakpoints can go: the lines some step stops on (layer lines, weight lines or matrix
// rows, the debugged sample's line). A breakpoint elsewhere moves to the next such line.
import type { BackpropProgram } from './program';

/** Sorted 0-based lines that hold at least one step. */
export function stopLines(program: BackpropProgram): number[] {
  const lines = new Set<number>();
  for (const seg of program.segments) {
    for (let i = 0; i < seg.count; i++) lines.add(program.rangeOf(seg.start + i).start.line);
  }
  return [...lines].sort((a, b) => a - b);
}

export type BreakpointPlacement = { readonly verified: true; readonly line: number; readonly moved: boolean } | { readonly verified: false; readonly message: string };

/** Places a breakpoint asked for on 0-based `line`: there, on the next line that computes something, or nowhere. */
export function placeBreakpoint(program: BackpropProgram, lines: readonly number[], line: number): BreakpointPlacement {
  const sampleLines = new Set(program.network.samples.map((s) => s.range.start.line));
  const ownSample = program.sampleRange().start.line;
  if (sampleLines.has(line) && line !== ownSample) {
    return { verified: false, message: `this sample is not the one being debugged (sample ${program.sample + 1}, line ${ownSample + 1}); set "sample" in the launch configuration` };
  }
  for (const l of lines) {
    if (l === line) return { verified: true, line, moved: false };
    if (l > line) return { verified: true, line: l, moved: true };
  }
  return { verified: false, message: `nothing is computed on or after line ${line + 1}; breakpoints go on layer lines, weight lines and the sample's line` };
}

/** Steps whose stop line is `line`, in program order (cheap: ranges only). */
export function stepsOnLine(program: BackpropProgram, line: number): number[] {
  const steps: number[] = [];
  for (let i = 0; i < program.length; i++) if (program.rangeOf(i).start.line === line) steps.push(i);
  return steps;
}
