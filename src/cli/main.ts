// The `nnet` command line: `nnet check FILE…`, `nnet fmt FILE… [--check|--write]`, help and
// version. Bundled by esbuild.js to dist/cli.js and started by bin/nnet.js. docs/cli.md
// describes the commands, the output format and the exit codes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../core/check';
import { format } from '../core/syntax/format';
import { parse } from '../core/syntax/parser';
import type { Diagnostic, Severity } from '../core/types';
import { createDataReader } from '../node/data-reader';

/** Exit codes. */
const OK = 0;
const PROBLEMS = 1;
const USAGE = 2;
const INTERNAL = 3;

const STDIN = '-';
const STDIN_NAME = '<stdin>';

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour for stdout / stderr. */
  readonly colorOut: boolean;
  readonly colorErr: boolean;
}

class UsageError extends Error {}

// ── help ─────────────────────────────────────────────────────────────────────────────────────

const MAIN_HELP = `nnet — check and format .nnet neural-network files

Usage:
  nnet check FILE...                 report syntax and model problems
  nnet fmt FILE [--check | --write]  format a file (prints the result by default)
  nnet help [COMMAND]                show help for a command
  nnet --version                     print the version

A FILE of '-' reads standard input.

Exit codes: 0 no errors, 1 errors found (check) or files not formatted (fmt --check),
2 usage error or unreadable file, 3 internal error.
`;

const COMMAND_HELP: Record<string, string> = {
  check: `Usage: nnet check FILE...

Checks each .nnet file and prints one line per problem:

  FILE:LINE:COL: error|warning CODE: MESSAGE
      FILE:LINE:COL: related location

Lines and columns count from 1. When problems are found, a summary such as
'2 errors, 1 warning in 1 file' goes to standard error. Data files named by
'data "x.csv"' are read relative to the .nnet file and must stay inside its folder.

Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 usage error
or a file that cannot be read.
`,
  fmt: `Usage: nnet fmt FILE [--check | --write]
       nnet fmt FILE... --check
       nnet fmt FILE... --write

Formats .nnet files: one space between tokens, aligned weight/layer/sample
blocks, matrices one row per line, comments and number spellings kept. Lines
with syntax errors are left exactly as written.

Options:
  (none)     print the formatted text of FILE to standard output
  --check    print the name of each file that is not formatted; exit 1 if any
  --write    rewrite files in place (only those that change) and print their names

Exit codes: 0 success, 1 files not formatted (--check), 2 usage error or a file
that cannot be read or written.
`,
  help: `Usage: nnet help [COMMAND]

Shows the help of COMMAND (check, fmt), or the list of commands.
`,
};

function version(): string {
  // dist/cli.js → ../package.json; out/src/cli/main.js → ../../../package.json.
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nnet' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; look one folder up
    }
  }
  return 'unknown';
}

// ── colour ───────────────────────────────────────────────────────────────────────────────────

const STYLES = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39] } as const;
type Style = keyof typeof STYLES;

function paint(on: boolean, text: string, ...styles: Style[]): string {
  if (!on) return text;
  return styles.reduce((t, s) => `\u001b[${STYLES[s][0]}m${t}\u001b[${STYLES[s][1]}m`, text);
}

function colorWanted(stream: NodeJS.WriteStream): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY && env.TERM !== 'dumb';
}

// ── files ────────────────────────────────────────────────────────────────────────────────────

function displayName(file: string): string {
  return file === STDIN ? STDIN_NAME : file;
}

/** The file's text, or an error message. */
function readText(file: string): { text: string } | { error: string } {
  try {
    const text = file === STDIN ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
    return { text };
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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ── check ────────────────────────────────────────────────────────────────────────────────────

const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

function severityText(io: Io, severity: Severity): string {
  const label = SEVERITY_LABEL[severity];
  if (severity === 'error') return paint(io.colorOut, label, 'red', 'bold');
  if (severity === 'warning') return paint(io.colorOut, label, 'yellow', 'bold');
  return paint(io.colorOut, label, 'cyan', 'bold');
}

function location(name: string, line: number, character: number): string {
  return `${name}:${line + 1}:${character + 1}`;
}

/** Continuation lines of a multi-line message, indented under the first. */
function indentMessage(message: string, indent: string): string {
  return message.replace(/\r\n|\r|\n/g, `\n${indent}`);
}

function formatDiagnostic(io: Io, name: string, d: Diagnostic): string {
  const where = paint(io.colorOut, location(name, d.range.start.line, d.range.start.character), 'bold');
  const code = paint(io.colorOut, d.code, 'dim');
  let text = `${where}: ${severityText(io, d.severity)} ${code}: ${indentMessage(d.message, '    ')}\n`;
  for (const r of d.related ?? []) {
    text += `    ${location(name, r.range.start.line, r.range.start.character)}: ${indentMessage(r.message, '      ')}\n`;
  }
  return text;
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function runCheck(args: readonly string[], io: Io): number {
  const files = parseFiles(args, 'check', []).files;
  if (files.length === 0) throw new UsageError('check needs at least one FILE');
  let unreadable = false;
  let errors = 0;
  let warnings = 0;
  let others = 0;
  let filesWithProblems = 0;
  for (const file of files) {
    const read = readText(file);
    if ('error' in read) {
      io.err(`nnet: ${read.error}\n`);
      unreadable = true;
      continue;
    }
    const nnetPath = file === STDIN ? path.join(process.cwd(), STDIN_NAME) : file;
    const result = check(read.text, { readData: createDataReader(nnetPath) });
    const diagnostics = [...result.diagnostics].sort(byPosition);
    if (diagnostics.length > 0) filesWithProblems++;
    let out = '';
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else others++;
      out += formatDiagnostic(io, displayName(file), d);
    }
    if (out) io.out(out);
  }
  if (errors + warnings + others > 0) {
    const counts: string[] = [];
    if (errors > 0) counts.push(plural(errors, 'error'));
    if (warnings > 0) counts.push(plural(warnings, 'warning'));
    if (others > 0) counts.push(plural(others, 'note'));
    const where = files.length === 1 ? '1 file' : `${filesWithProblems} of ${plural(files.length, 'file')}`;
    const summary = `${counts.join(', ')} in ${where}`;
    io.err(`${errors > 0 ? paint(io.colorErr, summary, 'red', 'bold') : paint(io.colorErr, summary, 'yellow', 'bold')}\n`);
  }
  if (unreadable) return USAGE;
  return errors > 0 ? PROBLEMS : OK;
}

// ── fmt ──────────────────────────────────────────────────────────────────────────────────────

function runFmt(args: readonly string[], io: Io): number {
  const { files, flags } = parseFiles(args, 'fmt', ['--check', '--write']);
  const checkOnly = flags.has('--check');
  const write = flags.has('--write');
  if (checkOnly && write) throw new UsageError('fmt takes --check or --write, not both');
  if (files.length === 0) throw new UsageError('fmt needs a FILE');
  if (!checkOnly && !write && files.length > 1) throw new UsageError('fmt prints one file; use --check or --write for several');
  if (write && files.includes(STDIN)) throw new UsageError("fmt --write cannot rewrite standard input ('-')");

  let failed = false;
  let unformatted = 0;
  for (const file of files) {
    const read = readText(file);
    if ('error' in read) {
      io.err(`nnet: ${read.error}\n`);
      failed = true;
      continue;
    }
    const formatted = format(read.text);
    if (parse(read.text).diagnostics.length > 0) {
      io.err(`nnet: note: ${displayName(file)} has syntax errors; those lines are left as written\n`);
    }
    if (checkOnly) {
      if (formatted !== read.text) {
        unformatted++;
        io.out(`${displayName(file)}\n`);
      }
    } else if (write) {
      if (formatted === read.text) continue;
      try {
        fs.writeFileSync(file, formatted, 'utf8');
        io.out(`${file}\n`);
      } catch (e) {
        io.err(`nnet: cannot write ${file}: ${(e as Error).message}\n`);
        failed = true;
      }
    } else {
      io.out(formatted);
    }
  }
  if (checkOnly && unformatted > 0) {
    const which = files.length === 1 ? `${displayName(files[0])} is not formatted` : `${unformatted} of ${plural(files.length, 'file')} not formatted`;
    io.err(`${paint(io.colorErr, which, 'yellow', 'bold')}; run 'nnet fmt --write' to fix\n`);
  }
  if (failed) return USAGE;
  return unformatted > 0 ? PROBLEMS : OK;
}

// ── arguments ────────────────────────────────────────────────────────────────────────────────

/** Splits arguments into files and the flags a command accepts; `--` ends the flags. */
function parseFiles(args: readonly string[], command: string, allowed: readonly string[]): { files: string[]; flags: Set<string> } {
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

function isHelpFlag(arg: string): boolean {
  return arg === '--help' || arg === '-h';
}

/** Runs the command line `args` (without `node` and the script) and returns the exit code. */
function run(args: readonly string[], io: Io): number {
  const [command, ...rest] = args;
  try {
    if (command === undefined) {
      io.err(MAIN_HELP);
      return USAGE;
    }
    if (isHelpFlag(command)) {
      io.out(MAIN_HELP);
      return OK;
    }
    if (command === '--version' || command === '-V' || command === '-v') {
      io.out(`${version()}\n`);
      return OK;
    }
    if (command === 'help') {
      const topic = rest[0];
      if (topic === undefined) {
        io.out(MAIN_HELP);
        return OK;
      }
      const help = COMMAND_HELP[topic];
      if (!help) throw new UsageError(`unknown command '${topic}'`);
      io.out(help);
      return OK;
    }
    const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if ((command === 'check' || command === 'fmt') && options.some(isHelpFlag)) {
      io.out(COMMAND_HELP[command]);
      return OK;
    }
    if (command === 'check') return runCheck(rest, io);
    if (command === 'fmt') return runFmt(rest, io);
    throw new UsageError(command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`nnet: ${e.message}\n\n${MAIN_HELP}`);
    return USAGE;
  }
}

function main(): void {
  const io: Io = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    colorOut: colorWanted(process.stdout),
    colorErr: colorWanted(process.stderr),
  };
  // Quietly stop when the reader of our output goes away (`nnet check … | head`).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? OK);
    throw e;
  });
  try {
    process.exitCode = run(process.argv.slice(2), io);
  } catch (e) {
    process.stderr.write(`nnet: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = INTERNAL;
  }
}

main();
