// `nnet export FILE --format onnx|pytorch|tfjs -o OUT [--dtype float32|float64]`: the network
// in another framework's format, written atomically.
import * as path from 'node:path';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, exportNetwork, type ExportDtype, type ExportFormat } from '../core';
import { loadNetwork, OK, outputFile, parseOptions, singleFile, UsageError, USAGE, writeOutput, type Io } from './common';

export const EXPORT_HELP = `Usage: nnet export FILE --format FORMAT -o OUT [--dtype float32|float64]

Writes the network of FILE (its layers, activations and current weights) in
another framework's format:

${EXPORT_FORMATS.map((f) => `  ${f.padEnd(9)}${EXPORT_FORMAT_INFO[f].detail}`).join('\n')}

Options:
  --format FORMAT   one of ${EXPORT_FORMATS.join(', ')}
  -o, --output OUT  the file to write (replaced atomically if it exists)
  --dtype TYPE      float32 (default) or float64 (exact), for onnx; pytorch
                    files are always float64

What a format cannot express (the Heaton sign convention, fixed weights, the
loss and trainer in ONNX) is listed in the file's comments and docs/export.md.

Exit codes: 0 written, 1 the file has errors, 2 usage error or a file that
cannot be read or written.
`;

export function runExport(args: readonly string[], io: Io): number {
  const { files, values } = parseOptions(args, 'export', { values: ['--format', '-o', '--output', '--dtype'] });
  const file = singleFile(files, 'export');
  const format = values.get('--format');
  if (format === undefined) throw new UsageError(`export needs --format (${EXPORT_FORMATS.join(', ')})`, 'export');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}'; choose ${EXPORT_FORMATS.join(', ')}`, 'export');
  const out = outputFile(values, 'export', 'OUT');
  const dtype = values.get('--dtype') ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new UsageError(`--dtype takes float32 or float64, not '${dtype}'`, 'export');
  if (values.has('--dtype') && format !== 'onnx') throw new UsageError(`--dtype is for onnx; ${format} files are ${format === 'pytorch' ? 'float64' : 'float32'}`, 'export');
  const loaded = loadNetwork(file, io, 'export', false);
  if ('exit' in loaded) return loaded.exit;
  const written = exportNetwork(loaded.network, format as ExportFormat, {
    dtype: dtype as ExportDtype,
    sourceName: file === '-' ? undefined : path.basename(file),
    fileName: path.basename(out),
  });
  for (const f of written) {
    if (!writeOutput(f.name === undefined ? out : path.join(path.dirname(out), f.name), f.data, io)) return USAGE;
  }
  return OK;
}
