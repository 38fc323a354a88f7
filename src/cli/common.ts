// What the `nnet` commands share: exit codes, the Io abstraction, colour, reading files,
// printing diagnostics, option parsing, writing an output file, loading a network for the
// engine commands, and tables.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, DIAGNOSTIC_CODES, formatBytes, MAX_TEXT_CHARS, nearest, plural, type Diagnostic, type Network, type Severity } from '../core';

export { plural };
import { writeFileAtomic } from '../node/atomic-write';
import { dataReaders } from '../node/byte-reader';
import { sanitize } from './sanitize';

/** Exit codes (docs/cli.md). */
export const OK = 0;
export const PROBLEMS = 1;
export const USAGE = 2;
export const INTERNAL = 3;
/** Training stopped by Ctrl-C (128 + SIGINT, as shells report it). */
export const INTERRUPTED = 130;

export const STDIN = '-';
export const STDIN_NAME = '<stdin>';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour for stdout / stderr. */
  readonly colorOut: boolean;
  readonly colorErr: boolean;
  /** Whether stderr is a terminal (progress bars are drawn there) and its width in columns. */
  readonly errIsTTY?: boolean;
  readonly errColumns?: number;
  /** Writes data that must reach stdout unchanged (the formatted file of `fmt`); default `out`. */
  readonly outData?: (text: string) => void;
  /** Calls `handler` on Ctrl-C (SIGINT) until the returned function is called. */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** A mistake in the command line. `command` names the command whose help to point at. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

// ── colour ───────────────────────────────────────────────────────────────────────────────────

const STYLES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof STYLES;

export function paint(on: boolean, text: string, ...styles: Style[]): string {
  if (!on) return text;
  return styles.reduce((t, s) => `\u001b[${STYLES[s][0]}m${t}\u001b[${STYLES[s][1]}m`, text);
}

export function colorWanted(stream: NodeJS.WriteStream): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY && env.TERM !== 'dumb';
}

// ── files ────────────────────────────────────────────────────────────────────────────────────

/** The file name for messages, with control characters escaped. */
export function displayName(file: string): string {
  return file === STDIN ? STDIN_NAME : sanitize(file);
}

/**
 * Bytes of a .nnet file read at most: a UTF-8 character is at most 3 bytes per UTF-16 unit, so
 * anything longer is over MAX_TEXT_CHARS for sure. Reading stops there (a device or a pipe that
 * never ends cannot exhaust memory).
 */
export const MAX_TEXT_BYTES = 3 * MAX_TEXT_CHARS;

/** The file's text, or an error message. */
export function readText(file: string): { text: string } | { error: string; diagnostic?: Diagnostic } {
  try {
    if (file !== STDIN) {
      // A folder or a device is refused before opening; a named pipe (`<(…)`) is read like
      // standard input, up to the limit.
      const stat = fs.statSync(file);
      if (stat.isDirectory()) return { error: `cannot read ${displayName(file)}: is a directory` };
      if (stat.isCharacterDevice() || stat.isBlockDevice() || stat.isSocket()) return { error: `cannot read ${displayName(file)}: is a device, not a file` };
      if (stat.isFile() && stat.size > MAX_TEXT_BYTES) return tooLargeToRead(file, formatBytes(stat.size));
    }
    const fd = file === STDIN ? 0 : fs.openSync(file, 'r');
    try {
      const text = readBounded(fd);
      if (text === undefined) return tooLargeToRead(file, `over ${formatBytes(MAX_TEXT_BYTES)}`);
      return { text };
    } finally {
      if (fd !== 0) fs.closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (e as Error).message;
    return { error: `cannot read ${displayName(file)}: ${reason}` };
  }
}

/** A file too large to read: `nnet/too-large` at its start, as `check` reports a long text. */
function tooLargeToRead(file: string, size: string): { error: string; diagnostic: Diagnostic } {
  const message = `the file is ${size}; the limit is ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters (put samples in a CSV file named by a 'data' line)`;
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { error: `cannot read ${displayName(file)}: ${message}`, diagnostic: { code: DIAGNOSTIC_CODES.tooLarge.code, severity: 'error', range: at, message } };
}

/** All of `fd` as UTF-8 text, or undefined past MAX_TEXT_BYTES. */
function readBounded(fd: number): string | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buffer, 0, buffer.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little instead of spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_TEXT_BYTES) return undefined;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

// ── diagnostics ──────────────────────────────────────────────────────────────────────────────

const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

function severityText(color: boolean, severity: Severity): string {
  const label = SEVERITY_LABEL[severity];
  if (severity === 'error') return paint(color, label, 'red', 'bold');
  if (severity === 'warning') return paint(color, label, 'yellow', 'bold');
  return paint(color, label, 'cyan', 'bold');
}

function location(name: string, line: number, character: number): string {
  return `${name}:${line + 1}:${character + 1}`;
}

/** Continuation lines of a multi-line message, indented under the first. */
function indentMessage(message: string, indent: string): string {
  return message.replace(/\r\n|\r|\n/g, `\n${indent}`);
}

/** A message with control characters escaped, its own line breaks kept (they are indented). */
function sanitizeMessage(message: string): string {
  return message.split(/\r\n|\r|\n/).map((line) => sanitize(line)).join('\n');
}

/** `FILE:LINE:COL: SEVERITY CODE: MESSAGE` plus indented related locations. */
export function formatDiagnostic(color: boolean, name: string, d: Diagnostic): string {
  const where = paint(color, location(name, d.range.start.line, d.range.start.character), 'bold');
  const code = paint(color, d.code, 'dim');
  // Messages quote the file's own words: their control characters are shown escaped.
  let text = `${where}: ${severityText(color, d.severity)} ${code}: ${indentMessage(sanitizeMessage(d.message), '    ')}\n`;
  for (const r of d.related ?? []) {
    text += `    ${location(name, r.range.start.line, r.range.start.character)}: ${indentMessage(sanitizeMessage(r.message), '      ')}\n`;
  }
  return text;
}

// ── arguments ────────────────────────────────────────────────────────────────────────────────

/** Splits arguments into files and the flags a command accepts; `--` ends the flags. */
export function parseFiles(args: readonly string[], command: string, allowed: readonly string[]): { files: string[]; flags: Set<string> } {
  const files: string[] = [];
  const flags = new Set<string>();
  let onlyFiles = false;
  for (const arg of args) {
    if (onlyFiles || arg === STDIN || !arg.startsWith('-')) files.push(arg);
    else if (arg === '--') onlyFiles = true;
    else if (allowed.includes(arg)) flags.add(arg);
    else throw new UsageError(`unknown option '${arg}' for '${command}'`);
  }
  return { files, flags };
}

export interface ParsedOptions {
  readonly files: string[];
  readonly flags: Set<string>;
  /** The last value given for each valued option. */
  readonly values: Map<string, string>;
}

/**
 * Parses `FILE… [--flag] [--option VALUE | --option=VALUE]`; `--` ends the options.
 * Unknown options are usage errors with a did-you-mean.
 */
export function parseOptions(args: readonly string[], command: string, spec: { flags?: readonly string[]; values?: readonly string[] }): ParsedOptions {
  const flagNames = spec.flags ?? [];
  const valueNames = spec.values ?? [];
  const files: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyFiles || arg === STDIN || !arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (flagNames.includes(name)) {
      if (eq > 0) throw new UsageError(`option '${name}' takes no value`, command);
      flags.add(name);
    } else if (valueNames.includes(name)) {
      let value: string | undefined;
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i];
      if (value === undefined || value === '') throw new UsageError(`option '${name}' needs a value`, command);
      values.set(name, value);
    } else {
      const suggestion = nearest(name, [...flagNames, ...valueNames], 3);
      throw new UsageError(`unknown option '${name}' for '${command}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`, command);
    }
  }
  return { files, flags, values };
}

/** A whole number option within [min, max]. */
export function integerOption(values: ReadonlyMap<string, string>, name: string, min: number, max: number, command: string): number | undefined {
  const text = values.get(name);
  if (text === undefined) return undefined;
  const n = /^[+]?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} takes a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not '${text}'`, command);
  }
  return n;
}

/** Exactly one FILE. */
export function singleFile(files: readonly string[], command: string): string {
  if (files.length === 0) throw new UsageError(`${command} needs a FILE`, command);
  if (files.length > 1) throw new UsageError(`${command} takes one FILE, got ${files.length}: ${files.join(' ')}`, command);
  return files[0];
}

/** The file `-o`/`--output` names; a usage error without one (`name`: how the help writes it, e.g. `OUT.nnet`). */
export function outputFile(values: ReadonlyMap<string, string>, command: string, name: string): string {
  const out = values.get('--output') ?? values.get('-o');
  if (out === undefined) throw new UsageError(`${command} needs -o ${name}, the file to write`, command);
  return out;
}

/** Writes `data` to `file` atomically and prints the file's name; false, once stderr says why, when it cannot. */
export function writeOutput(file: string, data: string | Uint8Array, io: Io): boolean {
  const written = writeFileAtomic(file, data);
  if (!written.ok) {
    io.err(`nnet: cannot write ${file}: ${written.error}\n`);
    return false;
  }
  io.out(`${file}\n`);
  return true;
}

// ── loading a network for the engine commands ────────────────────────────────────────────────

export type Loaded = { readonly network: Network; readonly text: string; readonly name: string } | { readonly exit: number };

/**
 * Reads and checks FILE. Problems go to standard error in `nnet check`'s format; a file with
 * errors (or, when `needSamples`, without samples) gives an exit code instead of a network.
 */
export function loadNetwork(file: string, io: Io, command: string, needSamples = true): Loaded {
  const read = readText(file);
  if ('error' in read) {
    if (read.diagnostic) {
      io.err(formatDiagnostic(io.colorErr, displayName(file), read.diagnostic));
      io.err(`${paint(io.colorErr, `1 error in ${displayName(file)}; '${command}' needs a file without errors`, 'red', 'bold')}\n`);
      return { exit: PROBLEMS };
    }
    io.err(`nnet: ${read.error}\n`);
    return { exit: USAGE };
  }
  const name = displayName(file);
  const nnetPath = file === STDIN ? path.join(process.cwd(), STDIN_NAME) : file;
  const result = check(read.text, dataReaders(nnetPath));
  const diagnostics = result.diagnostics; // sorted by position once, by the model builder
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (result.hasErrors || !result.network) {
    for (const d of diagnostics) io.err(formatDiagnostic(io.colorErr, name, d));
    const summary = `${plural(Math.max(1, errors), 'error')} in ${name}; '${command}' needs a file without errors`;
    io.err(`${paint(io.colorErr, summary, 'red', 'bold')}\n`);
    return { exit: PROBLEMS };
  }
  // Warnings do not stop the command, but they may explain its numbers.
  for (const d of diagnostics) io.err(formatDiagnostic(io.colorErr, name, d));
  const network = result.network;
  if (needSamples && network.samples.length === 0) {
    io.err(`nnet: ${name} has no samples: add 'sample IN… -> OUT…' lines or a 'data' statement\n`);
    return { exit: PROBLEMS };
  }
  return { network, text: read.text, name };
}

// ── nodes and weights by name ────────────────────────────────────────────────────────────────

/** `x[3]` (the bracket form of weight lines) → `x3`; surrounding spaces go. */
export function normalizeNodeName(name: string): string {
  return name.trim().replace(/^(.+?)\s*\[\s*(\d+)\s*\]$/, '$1$2');
}

export function allNodeNames(network: Network): string[] {
  return network.layers.flatMap((l) => [...l.nodes.map((n) => n.name), ...(l.bias ? [l.bias.name] : [])]);
}

/** `unknown node 'H9'; did you mean 'H1'?` */
export function unknownNode(network: Network, name: string): string {
  const suggestion = nearest(name, allNodeNames(network), 2);
  return `unknown node '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`;
}

// ── tables ───────────────────────────────────────────────────────────────────────────────────

export interface Column {
  readonly title: string;
  /** `right` for numbers (title and cells flush right); default `left`. */
  readonly align?: 'left' | 'right';
}

/**
 * Rows as text columns two spaces apart, with a header line, `indent` before every line and no
 * trailing spaces. The header comes back separately so that the caller can colour it.
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], indent = ''): { header: string; lines: string[] } {
  const width = columns.map((c) => c.title.length);
  for (const row of rows) row.forEach((cell, c) => (width[c] = Math.max(width[c], cell.length)));
  const line = (cells: readonly string[]): string =>
    (indent + cells.map((cell, c) => (columns[c].align === 'right' ? cell.padStart(width[c]) : cell.padEnd(width[c]))).join('  ')).replace(/\s+$/, '');
  return { header: line(columns.map((c) => c.title)), lines: rows.map(line) };
}

/**
 * JSON with full double precision (non-finite numbers become null, as JSON has no NaN), indented
 * by two spaces, except that an array or object whose one-line form fits in 100 columns stays
 * on one line (so a 10,000-epoch history is 10,000 lines, not 40,000).
 */
export function json(value: unknown): string {
  const plain = JSON.parse(JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v))) as unknown;
  const oneLine = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`).join(', ')}}`;
  };
  const write = (v: unknown, indent: string, room: number): string => {
    const flat = oneLine(v);
    if (v === null || typeof v !== 'object' || flat.length <= room) return flat;
    const inner = `${indent}  `;
    if (Array.isArray(v)) return `[\n${v.map((x) => inner + write(x, inner, 100 - inner.length)).join(',\n')}\n${indent}]`;
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner, 100 - inner.length - k.length - 4)}`).join(',\n')}\n${indent}}`;
  };
  return `${write(plain, '', 100)}\n`;
}

export function isHelpFlag(arg: string): boolean {
  return arg === '--help' || arg === '-h';
}
