// `nnet import MODEL.onnx -o OUT.nnet`: an ONNX multilayer perceptron as a .nnet file, written atomically.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatBytes, fromOnnx, MAX_DATA_FILE_BYTES } from '../core';
import { OK, outputFile, parseOptions, PROBLEMS, singleFile, USAGE, writeOutput, type Io } from './common';

export const IMPORT_HELP = `Usage: nnet import MODEL.onnx -o OUT.nnet

Reads an ONNX model made of Gemm (or MatMul + Add) layers with Sigmoid, Tanh,
Relu, LeakyRelu (alpha 0.01), Softmax (last axis) or Identity after them, as
'nnet export' and PyTorch's torch.onnx.export write for an nn.Sequential MLP,
and writes a .nnet file with its layers and weight matrices. Models exported
by nnet get their layer and node names back.

Options:
  -o, --output OUT   the .nnet file to write (replaced atomically if it exists)

Exit codes: 0 written, 1 the model has an operator or shape import does not
support (the message names the op and node), 2 usage error or a file that
cannot be read or written.
`;

export function runImport(args: readonly string[], io: Io): number {
  const { files, values } = parseOptions(args, 'import', { values: ['-o', '--output'] });
  const file = singleFile(files, 'import');
  const out = outputFile(values, 'import', 'OUT.nnet');
  const read = file === '-' ? readStdin() : readModel(file);
  if ('error' in read) {
    io.err(`nnet: cannot read ${file}: ${read.error}\n`);
    return USAGE;
  }
  const bytes = read.bytes;
  const result = fromOnnx(bytes, file === '-' ? 'standard input' : path.basename(file));
  if (!result.ok) {
    io.err(`nnet: ${result.error}\n`);
    return PROBLEMS;
  }
  return writeOutput(out, result.text, io) ? OK : USAGE;
}

function readStdin(): { bytes: Uint8Array } | { error: string } {
  try {
    return { bytes: fs.readFileSync(0) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The model file's bytes: only a regular file (a FIFO would block, a device never end), within the size limit. */
function readModel(file: string): { bytes: Uint8Array } | { error: string } {
  let fd: number | undefined;
  const refused = (stat: fs.Stats): string | undefined =>
    !stat.isFile() ? (stat.isDirectory() ? 'is a directory' : 'is not a regular file') : stat.size > MAX_DATA_FILE_BYTES ? `is too large (${formatBytes(stat.size)}; the limit is ${formatBytes(MAX_DATA_FILE_BYTES)})` : undefined;
  try {
    const before = refused(fs.statSync(file));
    if (before) return { error: before };
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const after = refused(fs.fstatSync(fd));
    if (after) return { error: after };
    return { bytes: fs.readFileSync(fd) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
