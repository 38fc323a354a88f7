// Per-document state of the server: one check per document version (shared by every
// feature), the gradient results per (version, sample), the active sample, trained weights and
// the last Step's Δw. Platform-neutral: data files come through the platform's reader.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  computeGradients,
  conventionOf,
  parsedOf,
  recheck,
  sampleLabel,
  type ByteReader,
  type CheckResult,
  type ComputeOutcome,
  type DataReader,
  type GradientResults,
  type GradientSettings,
  type GradientView,
  type Parsed,
  type WeightSet,
} from '../core';
import type { DataStamp } from './data-poll';
import type { GradientStatus } from './protocol';
import { numbersOf } from './training-job';

/** What the platform (Node, browser) gives the server. */
export interface Platform {
  /** A reader for the data files of the document at `uri` (undefined: `data` lines report that they cannot be read). */
  dataReader(uri: string): DataReader | undefined;
  /**
   * A reader of binary data files (IDX) serving what `loadBytes` read ahead; it calls
   * `notLoaded` for a file not read yet. Missing: IDX `data` lines report that they cannot be read.
   */
  byteReader?(uri: string, notLoaded: () => void): ByteReader | undefined;
  /** What is at a data path now (data-poll.ts); missing: unreadable data files are not looked at again until a watched-file event. */
  dataStamp?: DataStamp;
  /** Reads ahead, off the thread, the binary files `text` names; true when anything new arrived. */
  loadBytes?(uri: string, text: string): Promise<boolean>;
}

type Read = { ok: true; text: string } | { ok: false; error: string };

interface DocumentState {
  checked?: { version: number; result: CheckResult };
  /** The last checked text and its tree: the next version's check re-parses only the line an edit changed (kept when data files change). */
  parsed?: Parsed;
  /** How long the last check took (ms). */
  checkMs?: number;
  /** Data files the client read for the server (`nnet/readData`), by the path the document names. */
  data?: Map<string, Read>;
  results?: GradientResults;
  sample: number;
  trained?: WeightSet;
  step?: { version: number; applied: WeightSet };
}

export class DocumentStates {
  private readonly states = new Map<string, DocumentState>();
  /** The client reads the data files the platform cannot (`initializationOptions.dataFiles`). */
  clientReadsData = false;
  /** Called after each new check whose data files the platform read, with the paths it could not read (often none). */
  onUnread: (uri: string, paths: readonly string[]) => void = () => {};
  /** Called after each new check (whoever asked for it), so diagnostics go out as soon as they exist. */
  onChecked: (document: TextDocument, result: CheckResult) => void = () => {};

  /** `missingData`: a check asked for data files nobody has read yet (the server then asks the client). */
  constructor(
    private readonly platform: Platform,
    private readonly missingData: (uri: string, paths: string[]) => void = () => {},
    private readonly missingBytes: (uri: string) => void = () => {},
  ) {}

  private state(uri: string): DocumentState {
    let s = this.states.get(uri);
    if (!s) {
      s = { sample: 0 };
      this.states.set(uri, s);
    }
    return s;
  }

  /** The check of the document's current version (computed once per version). */
  check(document: TextDocument): CheckResult {
    const s = this.state(document.uri);
    if (s.checked?.version !== document.version) {
      const missing: string[] = [];
      const unread: string[] = [];
      const platformRead = this.platform.dataReader(document.uri);
      let readData: DataReader | undefined = platformRead && ((path) => {
        const read = platformRead(path);
        if (!read.ok) unread.push(path);
        return read;
      });
      if (!readData && this.clientReadsData) {
        readData = (path) => {
          const read = s.data?.get(path);
          if (read) return read;
          missing.push(path);
          return { ok: false, error: `'${path}' has not been read yet` };
        };
      }
      let bytesMissing = false;
      const readBytes = this.platform.byteReader?.(document.uri, () => (bytesMissing = true));
      const started = Date.now(); // (Date: every scope the server runs in has it)
      const text = document.getText();
      s.checked = { version: document.version, result: recheck(s.parsed, text, { readData, readBytes }) };
      s.parsed = parsedOf(text, s.checked.result);
      s.checkMs = Date.now() - started;
      if (missing.length > 0) this.missingData(document.uri, missing);
      if (platformRead) this.onUnread(document.uri, unread);
      if (bytesMissing) this.missingBytes(document.uri);
      this.onChecked(document, s.checked.result);
    }
    return s.checked.result;
  }

  /** How long the document's last check took (ms), undefined before the first. */
  checkMs(uri: string): number | undefined {
    return this.states.get(uri)?.checkMs;
  }

  /** Data files the client read for the document: kept, and the document is checked again. */
  setData(uri: string, files: readonly ({ path: string } & Read)[]): void {
    const s = this.state(uri);
    s.data ??= new Map();
    for (const f of files) s.data.set(f.path, f.ok ? { ok: true, text: f.text } : { ok: false, error: f.error });
    s.checked = undefined;
  }

  /** Forgets checks (a data file changed): all documents, or those `affects` picks. */
  invalidate(affects: (uri: string) => boolean = () => true): string[] {
    const hit: string[] = [];
    for (const [uri, s] of this.states) {
      if (affects(uri)) {
        s.checked = undefined;
        s.data = undefined;
        hit.push(uri);
      }
    }
    return hit;
  }

  /** Checks the document again on the next request (binary data files arrived). */
  recheck(uri: string): void {
    const s = this.states.get(uri);
    if (s) s.checked = undefined;
  }

  forget(uri: string): void {
    this.states.delete(uri);
  }

  activeSample(uri: string): number {
    return this.states.get(uri)?.sample ?? 0;
  }

  results(uri: string): GradientResults | undefined {
    return this.states.get(uri)?.results;
  }

  /** Runs the forward/backward pass for the active sample (reuses the results of this version and sample). */
  compute(document: TextDocument, settings: GradientSettings): ComputeOutcome {
    const s = this.state(document.uri);
    const result = this.check(document);
    const convention = conventionOf(result, settings.defaultConvention);
    const last = s.results;
    if (last && last.version === document.version && last.sample === s.sample && last.convention === convention) return { ok: true, results: last };
    const outcome = computeGradients(result, document.version, s.sample, convention);
    if (outcome.ok) {
      s.results = outcome.results;
      s.sample = outcome.results.sample;
    }
    return outcome;
  }

  setActiveSample(uri: string, sample: number): void {
    this.state(uri).sample = Math.max(0, Math.floor(sample));
  }

  /** `weights[k]`: a layer's numbers as the message carries them (an array or base64 float64). */
  setTrained(document: TextDocument, version: number, weights: readonly unknown[] | null): boolean {
    const s = this.state(document.uri);
    if (weights === null) {
      s.trained = undefined;
      return true;
    }
    const network = version === document.version ? this.check(document).network : undefined;
    const arrays = network && fitting(network.weights.map((w) => w.values.length), weights);
    if (!network || !arrays) return false;
    s.trained = { network, weights: arrays };
    return true;
  }

  setStep(document: TextDocument, version: number, applied: readonly unknown[]): boolean {
    if (version !== document.version) return false;
    const network = this.check(document).network;
    const arrays = network && fitting(network.weights.map((w) => w.values.length), applied);
    if (!network || !arrays) return false;
    this.state(document.uri).step = { version, applied: { network, weights: arrays } };
    return true;
  }

  view(document: TextDocument, settings: GradientSettings): GradientView {
    const s = this.state(document.uri);
    return {
      uri: document.uri,
      version: document.version,
      check: this.check(document),
      settings,
      results: s.results,
      activeSample: s.sample,
      trained: s.trained,
      applied: s.step && s.step.version === document.version ? s.step.applied : undefined,
    };
  }

  status(document: TextDocument): GradientStatus | undefined {
    const r = this.states.get(document.uri)?.results;
    if (!r) return undefined;
    return { uri: document.uri, version: r.version, sample: r.sample, sampleCount: r.sampleCount, label: sampleLabel(r.network, r.sample), samples: { train: r.network.samples.length, test: r.network.test.length, validation: r.network.validation.length }, convention: r.convention, error: r.error, stale: r.version !== document.version };
  }
}

/** The layers' numbers when there is one array of the right length per layer; undefined otherwise. */
export function fitting(sizes: readonly number[], layers: readonly unknown[]): ArrayLike<number>[] | undefined {
  if (!Array.isArray(layers) || layers.length !== sizes.length) return undefined;
  const arrays = layers.map(numbersOf);
  return arrays.every((a, k): a is ArrayLike<number> => a?.length === sizes[k]) ? (arrays as ArrayLike<number>[]) : undefined;
}
