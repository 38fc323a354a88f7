// One entry point for every export format: Network → the files to write (names relative to
// the main output file). Pure: the CLI and the editor do the writing.
import type { Network } from '../model/network';
import { toOnnx, type OnnxDtype } from './onnx';

export const EXPORT_FORMATS = ['onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportDtype = OnnxDtype;

export interface ExportOptions {
  readonly dtype?: ExportDtype;
  /** The version written into the files as their producer. */
  readonly producerVersion?: string;
}

/** One file of an export: `name` undefined is the main output file (the path the user chose). */
export interface ExportFile {
  readonly name?: string;
  readonly data: Uint8Array | string;
}

/** What each format is called in pickers and help, and the file name it suggests. */
export const EXPORT_FORMAT_INFO: Record<ExportFormat, { readonly label: string; readonly extension: string; readonly detail: string }> = {
  onnx: { label: 'ONNX', extension: 'onnx', detail: 'Gemm + activation nodes, opset 13; runs in onnxruntime, PyTorch, TensorRT…' },
};

export function exportNetwork(network: Network, format: ExportFormat, options: ExportOptions = {}): ExportFile[] {
  switch (format) {
    case 'onnx':
      return [{ data: toOnnx(network, options) }];
  }
}

export { toOnnx, ONNX_IR_VERSION, ONNX_OPSET, type OnnxDtype } from './onnx';
