// Size limits: the one place every part of nnet takes them from (model builder, CSV and IDX
// readers, editor, CLI, training). Exceeding one is a `nnet/too-large` diagnostic with a
// position, never an out-of-memory crash or a hang. docs/language.md lists them.
//
// Chosen so that MNIST-sized work fits with room to spare: 784-128-10 (101,770 weights) with
// 60,000 CSV samples (47.6 M numbers, 381 MB as doubles), while a 402-byte file cannot make the
// builder allocate gigabytes.

/** Characters of `.nnet` text the checker reads (8 Mi). Larger files: put samples in a CSV. */
export const MAX_TEXT_CHARS = 8 * 1024 * 1024;
/**
 * Characters of `.nnet` text for which the editor runs live checking, lenses and hovers (4 Mi).
 * The language server checks in its own process (or Web Worker), off the extension host's
 * thread, so a 784-128-10 network written as 100k weight lines (2.3 MB) is checked live.
 */
export const MAX_LIVE_TEXT_CHARS = 4 * 1024 * 1024;
/** Layers in one network. */
export const MAX_LAYERS = 1_000;
/** Nodes in one layer (bias excluded); also the largest `name[N]`. */
export const MAX_NODES_PER_LAYER = 100_000;
/** Nodes in the whole network (bias nodes included). */
export const MAX_NODES = 250_000;
/** Weights in the whole network (5 M doubles = 40 MB; the trainers keep a few arrays of this size). */
export const MAX_WEIGHTS = 5_000_000;
/** Training samples (`sample` lines and data rows together). */
export const MAX_SAMPLES = 1_000_000;
/** Numbers in all samples together, inputs and targets (64 Mi doubles = 512 MB). */
export const MAX_SAMPLE_VALUES = 64 * 1024 * 1024;
/** Data rows of one CSV file. */
export const MAX_CSV_ROWS = 1_000_000;
/** Fields of one CSV row. */
export const MAX_CSV_COLUMNS = 100_000;
/** Bytes of one data file read into memory (256 MiB). */
export const MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;
/** Missing weights listed by name in a `nnet/missing-weight` diagnostic's data (the quick fix writes at most these). */
export const MAX_MISSING_WEIGHTS_LISTED = 10_000;
/** Points kept in a training run's error history (older points are thinned, the curve keeps its shape). */
export const MAX_HISTORY_POINTS = 10_000;

/** `12,345,678`: how limits and sizes are written in messages. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `256 MB` for byte sizes in messages (MiB, written as MB as users read it). */
export function formatBytes(n: number): string {
  const mb = n / (1024 * 1024);
  if (mb >= 1) return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** Why a data file of `size` bytes is not read (every platform's reader says it this way). */
export function dataFileTooLarge(shown: string, size: number): string {
  return `'${shown}' is too large (${formatBytes(size)}; the limit is ${formatBytes(MAX_DATA_FILE_BYTES)})`;
}
