// One entry point for every export format: Network → the files to write (names relative to
// the main output file). Pure: the CLI and the editor do the writing.
import type { Network } from '../model/network';
import { toOnnx, type OnnxDtype } from './onnx';
import { toPyTorch } from './pytorch';
import { toTfjs } from './tfjs';

export const EXPORT_FORMATS = ['onnx', 'pytorch', 'tfjs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportDtype = OnnxDtype;

export interface ExportOptions {
  readonly dtype?: ExportDtype;
  /** The version written into the files as their producer. */
  readonly producerVersion?: string;
  /** The .nnet file's name, named in the exported file's header. */
  readonly sourceName?: string;
  /** The main output file's base name (the PyTorch file's usage lines name it). */
  readonly fileName?: string;
}

/** One file of an export: `name` undefined is the main output file (the path the user chose). */
export interface ExportFile {
  readonly name?: string;
  readonly data: Uint8Array | string;
}

/** What each format is called in pickers and help, and the file name it suggests. */
export const EXPORT_FORMAT_INFO: Record<ExportFormat, { readonly label: string; readonly extension: string; readonly detail: string }> = {
  onnx: { label: 'ONNX', extension: 'onnx', detail: 'Gemm + activation nodes, opset 13; float32 or float64' },
  pytorch: { label: 'PyTorch', extension: 'py', detail: 'a Python file: nn.Sequential, loss, samples, training (also data-parallel); float64' },
  tfjs: { label: 'TF.js Layers', extension: 'json', detail: 'model.json + NAME.weights.bin beside it, for tf.loadLayersModel; float32' },
};

export function exportNetwork(network: Network, format: ExportFormat, options: ExportOptions = {}): ExportFile[] {
  switch (format) {
    case 'onnx':
      return [{ data: toOnnx(network, options) }];
    case 'pytorch':
      return [{ data: toPyTorch(network, options) }];
    case 'tfjs': {
      const stem = (options.fileName ?? 'model.json').replace(/\.json$/i, '');
      const t = toTfjs(network, { weightsFileName: `${stem}.weights.bin`, producerVersion: options.producerVersion });
      return [{ data: t.modelJson }, { name: t.weightsFileName, data: t.weights }];
    }
  }
}

export { toOnnx, ONNX_IR_VERSION, ONNX_OPSET, type OnnxDtype } from './onnx';
export { toPyTorch } from './pytorch';
export { toTfjs } from './tfjs';
