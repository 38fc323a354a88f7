// `nnet import MODEL.onnx -o OUT.nnet`: an ONNX multilayer perceptron as a .nnet file, written atomically.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromOnnx } from '../core';
import { writeFileAtomic } from '../node/write-atomic';
import { OK, parseOptions, PROBLEMS, singleFile, UsageError, USAGE, type Io } from './common';

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
  const out = values.get('--output') ?? values.get('-o');
  if (out === undefined) throw new UsageError('import needs -o OUT.nnet, the file to write', 'import');
  let bytes: Uint8Array;
  try {
    bytes = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
  } catch (e) {
    io.err(`nnet: cannot read ${file}: ${(e as Error).message}\n`);
    return USAGE;
  }
  const result = fromOnnx(bytes, file === '-' ? 'standard input' : path.basename(file));
  if (!result.ok) {
    io.err(`nnet: ${result.error}\n`);
    return PROBLEMS;
  }
  try {
    writeFileAtomic(out, result.text);
  } catch (e) {
    io.err(`nnet: cannot write ${out}: ${(e as Error).message}\n`);
    return USAGE;
  }
  io.out(`${out}\n`);
  return OK;
}
