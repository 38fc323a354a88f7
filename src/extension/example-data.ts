// What an example reads that the extension does not ship — today Fashion-MNIST's four IDX
// files (30 MB) — and the words NNet: Open Example… uses for it. No `vscode` import: the
// wording and the file matching are unit-tested (test/unit/release/example-data.test.ts).
import { parse } from '../core';

/** A public dataset an example reads, and where a user gets it. */
export interface Dataset {
  /** The folder name the example's paths use: `data/<id>/…`. */
  readonly id: string;
  readonly title: string;
  /** Where the Debian package puts the files. */
  readonly debianFolder: string;
  readonly debianPackage: string;
  readonly url: string;
}

export const DATASETS: readonly Dataset[] = [
  {
    id: 'fashion-mnist',
    title: 'Fashion-MNIST',
    debianFolder: '/usr/share/datasets/fashion-mnist',
    debianPackage: 'dataset-fashion-mnist',
    url: 'https://github.com/zalandoresearch/fashion-mnist',
  },
];

/** The last part of a path written with / or \. */
export function baseName(file: string): string {
  const parts = file.split(/[/\\]/);
  return parts[parts.length - 1];
}

/** The dataset whose folder the paths name (`data/fashion-mnist/…`), if it is one we know. */
export function datasetOf(paths: readonly string[]): Dataset | undefined {
  return DATASETS.find((d) => paths.length > 0 && paths.every((p) => p.split(/[/\\]/).includes(d.id)));
}

/**
 * Which file in a folder (its `names`) stands for each needed path: the same name, or the
 * same name without `.gz` (the files unpacked; the reader takes both). `missing` lists the
 * needed names found in neither form.
 */
export function matchFiles(needed: readonly string[], names: readonly string[]): { found: Map<string, string>; missing: string[] } {
  const present = new Set(names);
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const file of needed) {
    const name = baseName(file);
    const plain = name.replace(/\.gz$/, '');
    if (present.has(name)) found.set(file, name);
    else if (present.has(plain)) found.set(file, plain);
    else missing.push(name);
  }
  return { found, missing };
}

/** The quick-pick description of an example that needs `dataset`; `foundIn` is where it was found, if anywhere. */
export function needsDataDescription(dataset: Dataset | undefined, files: readonly string[], foundIn?: string): string {
  const what = dataset ? `the ${dataset.title} data` : `${files.map(baseName).join(', ')}`;
  if (foundIn) return `needs ${what} (not included) — found in ${foundIn}; copied to a folder you choose`;
  return dataset
    ? `needs ${what} (not included): Debian's ${dataset.debianPackage} in ${dataset.debianFolder}, or a folder you pick holding its ${files.length} IDX files`
    : `needs ${what} (not included): a folder you pick holding them`;
}

/** The message shown when the data is not found where Debian puts it. */
export function missingDataMessage(example: string, dataset: Dataset | undefined, files: readonly string[]): string {
  const names = files.map(baseName).join(', ');
  if (!dataset) return `NNet: ${example} reads ${names}, which the extension does not include. Choose the folder that holds them.`;
  return (
    `NNet: ${example} reads the ${dataset.title} images and labels (${files.length} IDX files: ${names}), which the extension does not include. ` +
    `Install Debian's package ${dataset.debianPackage} (sudo apt install ${dataset.debianPackage}; it puts them in ${dataset.debianFolder}) ` +
    `or download them from ${dataset.url}, then choose the folder that holds them.`
  );
}

/**
 * The example's text with each data path in `renamed` (old → new, relative to the .nnet file)
 * replaced where it is written: only inside `data`/`test`/`validation` and `labels` strings.
 */
export function renameDataPaths(text: string, renamed: ReadonlyMap<string, string>): string {
  const lines = text.split('\n');
  const edits: { line: number; start: number; end: number; text: string }[] = [];
  for (const s of parse(text).statements) {
    if (s.kind !== 'data') continue;
    for (const literal of [s.file, s.labels?.file]) {
      if (!literal || !renamed.has(literal.value)) continue;
      const r = literal.range;
      if (r.start.line !== r.end.line) continue;
      edits.push({ line: r.start.line, start: r.start.character, end: r.end.character, text: JSON.stringify(renamed.get(literal.value)) });
    }
  }
  // From the end of each line backwards, so that earlier columns stay valid.
  edits.sort((a, b) => a.line - b.line || b.start - a.start);
  for (const e of edits) lines[e.line] = lines[e.line].slice(0, e.start) + e.text + lines[e.line].slice(e.end);
  return lines.join('\n');
}
