// `npm run bench:server`: the language server alone (nnet lsp --stdio, a JSON-RPC client in this
// process, no editor) on the 784-128-10 network as 100k weight lines and as matrices: open →
// first diagnostics, compute, the first lenses and hover after it, code lens list, 30 resolves,
// hover, keystroke → diagnostics, the edits Apply Trained Weights writes (nnet/trainedEdits),
// p50/p99 in ms. A benchmark: it prints a table and asserts nothing about time. The editor's
// numbers (with VS Code's client and extension host) are `npm run bench:editor`.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CodeLensRequest, CodeLensResolveRequest, DidChangeTextDocumentNotification, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, type CodeLens } from 'vscode-languageserver-protocol/node';
import { packFloat64, unpackFloat64 } from '../src/server/binary';
import type { TrainedEditsResult, TrainingJobResult } from '../src/server/protocol';
import { startClient } from '../test/server/client';
import { hoverPositions, matrixFile, weightLineFile, type BenchFile } from './bench-files';

const SHAPE = { inputs: 784, hidden: 128, outputs: 10, bias: true };
const ROUNDS = 10;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

const rows: string[] = ['| file | measure | n | p50 ms | p99 ms |', '|---|---|---|---|---|'];
const f = (x: number): string => (x < 10 ? x.toFixed(1) : Math.round(x).toString());
const row = (file: string, measure: string, times: number[]): void => void rows.push(`| ${file} | ${measure} | ${times.length} | ${f(percentile(times, 50))} | ${f(percentile(times, 99))} |`);

async function bench(file: BenchFile): Promise<void> {
  const name = file.name.replace(/^784-128-10 /, '');
  const client = await startClient({ clientName: 'Visual Studio Code', settings: {} });
  const uri = `file:///bench/${name.replace(/\W+/g, '-')}.nnet`;
  try {
    const [openMs] = await timed(async () => {
      const d = client.diagnostics(uri, 1);
      await client.open(uri, file.text, 1);
      await d;
    });
    row(name, 'open → first diagnostics', [openMs]);
    const [computeMs] = await timed(() => client.connection.sendRequest('nnet/compute', { uri }));
    row(name, 'nnet/compute', [computeMs]);
    // What an editor asks right after Compute Gradients: the lenses of the lines on screen (the top), then a hover.
    const [firstLensMs] = await timed(() => client.connection.sendRequest('nnet/codeLens', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 350, character: 0 } } }));
    row(name, 'first nnet/codeLens after compute (lines 0–350)', [firstLensMs]);
    const [firstHoverMs] = await timed(() => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverPositions(file.text, 1)[0] }));
    row(name, 'first hover after compute', [firstHoverMs]);
    const list: number[] = [];
    const resolve: number[] = [];
    let lenses: CodeLens[] = [];
    for (let k = 0; k < ROUNDS; k++) {
      const [ms, got] = await timed(() => client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }));
      list.push(ms);
      lenses = got ?? [];
      const pending = lenses.filter((l) => !l.command).slice(k * 30, k * 30 + 30);
      const [ms2] = await timed(() => Promise.all(pending.map((l) => client.connection.sendRequest(CodeLensResolveRequest.type, l))));
      resolve.push(ms2);
    }
    row(name, `code lens list (${lenses.length} lenses, ${(JSON.stringify(lenses).length / 1e6).toFixed(1)} MB JSON)`, list);
    row(name, 'code lens resolve ×30', resolve);
    const range: number[] = [];
    let windowed = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const start = Math.floor(((k + 0.5) / ROUNDS) * file.text.split('\n', 200000).length);
      const [ms, got] = await timed(() => client.connection.sendRequest<CodeLens[] | null>('nnet/codeLens', { textDocument: { uri }, range: { start: { line: Math.max(0, start - 150), character: 0 }, end: { line: start + 200, character: 0 } } }));
      range.push(ms);
      windowed = got?.length ?? 0;
    }
    row(name, `nnet/codeLens, visible lines ± 150 (${windowed} lenses, complete; what VS Code asks)`, range);
    const lines = file.text.split('\n');
    const hovers: number[] = [];
    for (const position of hoverPositions(file.text, 60)) {
      const [ms, hover] = await timed(() => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
      if (!hover) throw new Error(`no hover at ${position.line + 1}:${position.character + 1}`);
      hovers.push(ms);
    }
    row(name, 'hover', hovers);
    const keys: number[] = [];
    const outline: number[] = [];
    const folding: number[] = [];
    const at = hoverPositions(file.text, 1)[0].line;
    let version = 1;
    for (let k = 0; k < ROUNDS; k++) {
      const edit = async (text: string, character: number, deleteOne: boolean): Promise<number> => {
        version++;
        const d = client.diagnostics(uri, version);
        const start = performance.now();
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line: at, character }, end: { line: at, character: character + (deleteOne ? 1 : 0) } }, text }],
        });
        await d;
        return performance.now() - start;
      };
      keys.push(await edit('x', lines[at].length, false));
      // What VS Code asks of each version after an edit: the outline (and breadcrumbs) and the folding ranges.
      const [symbolMs] = await timed(() => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }));
      const [foldingMs] = await timed(() => client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }));
      outline.push(symbolMs);
      folding.push(foldingMs);
      keys.push(await edit('', lines[at].length, true));
    }
    row(name, 'keystroke → diagnostics', keys);
    row(name, 'outline (documentSymbol) of the new version', outline);
    row(name, 'folding ranges of the new version', folding);
    // Apply Trained Weights: every weight changed, the edits made by the server (the client only applies them).
    const job = (await client.connection.sendRequest('nnet/trainingJob', { uri, version })) as TrainingJobResult;
    if (!job.ok) throw new Error(`no training job: ${job.reason}`);
    const trained = job.spec.weights.map((w) => packFloat64(unpackFloat64(w)!.map((x) => x + 0.001)));
    const [editsMs, answer] = await timed(() => client.connection.sendRequest<TrainedEditsResult>('nnet/trainedEdits', { uri, version, weights: trained }));
    if (!answer.ok) throw new Error(`no edits: ${answer.reason}`);
    row(name, `nnet/trainedEdits, every weight changed (${answer.edits.length} edits, ${(JSON.stringify(answer).length / 1e6).toFixed(1)} MB JSON)`, [editsMs]);
  } finally {
    await client.stop();
  }
}

/** The server the bench starts is the bundled CLI: built from this checkout first, so the bench measures the source (not a stale dist/). */
function buildCli(): void {
  const root = path.resolve(__dirname, '../..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require(path.join(root, 'esbuild.js')) as { buildSync: (outfiles: string[], root: string) => void };
  buildSync(['dist/cli.js'], root);
}

async function main(): Promise<void> {
  buildCli();
  await bench(weightLineFile('784-128-10 weight lines', SHAPE));
  await bench(matrixFile('784-128-10 matrices', SHAPE));
  console.log(rows.join('\n'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
