// The `nnet` command line: `nnet check FILE…`, `nnet fmt FILE… [--check|--write]`, help and
// version. Bundled by esbuild.js to dist/cli.js and started by bin/nnet.js. docs/cli.md
// describes the commands, the output format and the exit codes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, format, parse, textTooLarge } from '../core';
import { dataReaders } from '../node/byte-reader';
import { writeFileAtomic } from '../node/atomic-write';
import { sanitize } from './sanitize';
import {
  colorWanted,
  displayName,
  formatDiagnostic,
  INTERNAL,
  isHelpFlag,
  OK,
  paint,
  parseFiles,
  plural,
  PROBLEMS,
  readText,
  STDIN,
  STDIN_NAME,
  USAGE,
  UsageError,
  type Io,
} from './common';
import { DAP_HELP, runDap } from './dap';
import { EXPLAIN_HELP, runExplain } from './explain';
import { EXPORT_HELP, runExport } from './export';
import { IMPORT_HELP, runImport } from './import';
import { GRADCHECK_HELP, runGradcheck } from './gradcheck';
import { LSP_HELP, runLsp } from './lsp';
import { EVALUATE_HELP, runEvaluate } from './evaluate';
import { runTrain, TRAIN_HELP } from './train';

// ── help ─────────────────────────────────────────────────────────────────────────────────────

const MAIN_HELP = `nnet — check, format, explain and train .nnet neural-network files

Usage:
  nnet check FILE...                 report syntax and model problems
  nnet fmt FILE [--check | --write]  format a file (prints the result by default)
  nnet explain FILE [options]        every node's δ and every weight's gradient for a
                                     sample, or how one of them is derived
  nnet train FILE [options]          train with the file's settings; --write saves
                                     the trained weights into the file
  nnet gradcheck FILE [options]      compare the gradients with finite differences
  nnet export FILE --format F -o OUT write the network as ONNX, PyTorch or TF.js
  nnet import MODEL.onnx -o OUT.nnet read an ONNX multilayer perceptron into a .nnet file
  nnet dap                           the debug adapter (Debug Adapter Protocol on stdio)
  nnet lsp --stdio                   run the language server (for editors; see docs/server.md)
  nnet evaluate FILE [options]       loss, accuracy and confusion matrix (or MSE
                                     and R²) on the test samples
  nnet help [COMMAND]                show help for a command
  nnet --version                     print the version

A FILE of '-' reads standard input. 'nnet help COMMAND' lists a command's options.

Exit codes: 0 success, 1 problems found (errors in the file, files not formatted,
training diverged, gradient check failed), 2 usage error or unreadable file,
3 internal error, 130 training interrupted (Ctrl-C).
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

Shows the help of COMMAND (check, fmt, explain, train, gradcheck, export, dap,
evaluate), or the list
of commands.
`,
  explain: EXPLAIN_HELP,
  train: TRAIN_HELP,
  gradcheck: GRADCHECK_HELP,
  export: EXPORT_HELP,
  import: IMPORT_HELP,
  dap: DAP_HELP,
  lsp: LSP_HELP,
  evaluate: EVALUATE_HELP,
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

// ── check ────────────────────────────────────────────────────────────────────────────────────

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
      if (read.diagnostic) {
        // Too large to read: reported like any other problem of the file, with its position.
        io.out(formatDiagnostic(io.colorOut, displayName(file), read.diagnostic));
        errors++;
        filesWithProblems++;
        continue;
      }
      io.err(`nnet: ${read.error}\n`);
      unreadable = true;
      continue;
    }
    const nnetPath = file === STDIN ? path.join(process.cwd(), STDIN_NAME) : file;
    const result = check(read.text, dataReaders(nnetPath));
    const diagnostics = result.diagnostics; // sorted by position once, by the model builder
    if (diagnostics.length > 0) filesWithProblems++;
    let out = '';
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else others++;
      out += formatDiagnostic(io.colorOut, displayName(file), d);
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
    const tooLarge = textTooLarge(read.text);
    if (tooLarge) {
      io.err(formatDiagnostic(io.colorErr, displayName(file), tooLarge));
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
      // Atomic (temporary file + rename, mode kept) and only over the text that was formatted.
      const written = writeFileAtomic(file, formatted, { expected: read.text });
      if (written.ok) io.out(`${displayName(file)}\n`);
      else {
        io.err(`nnet: cannot write ${displayName(file)}: ${written.error}\n`);
        failed = true;
      }
    } else {
      (io.outData ?? io.out)(formatted);
    }
  }
  if (checkOnly && unformatted > 0) {
    const which = files.length === 1 ? `${displayName(files[0])} is not formatted` : `${unformatted} of ${plural(files.length, 'file')} not formatted`;
    io.err(`${paint(io.colorErr, which, 'yellow', 'bold')}; run 'nnet fmt --write' to fix\n`);
  }
  if (failed) return USAGE;
  return unformatted > 0 ? PROBLEMS : OK;
}

// ── dispatch ─────────────────────────────────────────────────────────────────────────────────

type Command = (args: readonly string[], io: Io) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  check: runCheck,
  fmt: runFmt,
  explain: runExplain,
  train: runTrain,
  gradcheck: runGradcheck,
  export: runExport,
  import: runImport,
  dap: runDap,
  lsp: runLsp,
  evaluate: runEvaluate,
};

/** Runs the command line `args` (without `node` and the script) and returns the exit code. */
async function run(args: readonly string[], io: Io): Promise<number> {
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
      const help = Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : undefined;
      if (!help) throw new UsageError(`unknown command '${topic}'`);
      io.out(help);
      return OK;
    }
    const runCommand = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!runCommand) throw new UsageError(command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`);
    const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (options.some(isHelpFlag)) {
      io.out(COMMAND_HELP[command]);
      return OK;
    }
    return await runCommand(rest, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.command) io.err(`nnet: ${e.message}\nRun 'nnet help ${e.command}' for the options.\n`);
    else io.err(`nnet: ${e.message}\n\n${MAIN_HELP}`);
    return USAGE;
  }
}

function main(): void {
  // Everything written is sanitised (control characters from file text escaped; nnet's own
  // colour codes kept), except `fmt`'s formatted file, which is data.
  const io: Io = {
    out: (text) => process.stdout.write(sanitize(text, true)),
    err: (text) => process.stderr.write(sanitize(text, true)),
    outData: (text) => process.stdout.write(text),
    colorOut: colorWanted(process.stdout),
    colorErr: colorWanted(process.stderr),
    errIsTTY: !!process.stderr.isTTY,
    errColumns: process.stderr.columns,
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
  // Quietly stop when the reader of our output goes away (`nnet check … | head`).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? OK);
      internal(e);
    });
  }
  // A bug ends with a short message and exit code 3, never a stack trace (NNET_DEBUG=1 shows it).
  const internal = (e: unknown): void => {
    const detail = process.env.NNET_DEBUG === '1' && e instanceof Error ? (e.stack ?? e.message) : e instanceof Error ? e.message : String(e);
    try {
      process.stderr.write(`nnet: internal error: ${sanitize(detail)}\n(this is a bug in nnet; please report it with the file that caused it)\n`);
    } catch {
      // stderr is gone too
    }
    process.exitCode = INTERNAL;
  };
  process.on('uncaughtException', (e) => {
    internal(e);
    process.exit(INTERNAL);
  });
  try {
    run(process.argv.slice(2), io).then((code) => {
      process.exitCode = code;
    }, internal);
  } catch (e) {
    internal(e);
  }
}

main();
