// Node adapter: reads binary data files (IDX) named by `data "…" labels "…"`, gunzipping them when
// they are gzip (by their magic bytes, whatever the name), and hands the bytes to the core's
// decoder in chunks. Paths are checked as for CSV files (resolveDataFile); only regular files are
// opened (stat first, then a non-blocking open, as data-reader.ts does).
//
// Two ways in: the CLI reads synchronously (`createByteReader`); the editor reads ahead with
// `loadBinaryFiles` (fs.promises and zlib's thread pool, so the extension host's thread never
// waits for 26 MB to unzip) and then checks with `createByteReader(file, { onlyLoaded })`, which
// serves what was loaded and asks for a load otherwise. The decoded bytes of the last few files
// are kept (keyed by real path, size and times), so re-checking an edited .nnet file does not
// read them again; the same key is the reader's `contentKey`, which lets the core keep the
// samples it decoded from them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { normaliseDataPath, parse, type ByteReader, type DataReader } from '../core';
import { createDataReader, describeDataFileError, resolveDataFile } from './data-reader';

/** Largest file read (compressed size) and largest decompressed size. */
export const MAX_BINARY_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024;
/** Bytes handed to the decoder at a time. */
const CHUNK = 1 << 20;
const CACHE_ENTRIES = 4;

type Failure = { ok: false; error: string };

const cache = new Map<string, Uint8Array>();
/** Files whose read-ahead failed, by key (the failure is what a check then reports). */
const failed = new Map<string, string>();
const reading = new Map<string, Promise<boolean>>();

function remember(key: string, bytes: Uint8Array): void {
  cache.delete(key);
  cache.set(key, bytes);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
}

function rememberFailure(key: string, error: string): void {
  failed.set(key, error);
  while (failed.size > 16) failed.delete(failed.keys().next().value as string);
}

function statFailure(stat: fs.Stats, shown: string): Failure | undefined {
  if (!stat.isFile()) return { ok: false, error: `'${shown}' is ${stat.isDirectory() ? 'a folder, not a regular file' : 'not a regular file'}` };
  if (stat.size > MAX_BINARY_FILE_BYTES) {
    return { ok: false, error: `'${shown}' is too large (${Math.round(stat.size / 1048576)} MB; the limit is ${MAX_BINARY_FILE_BYTES / 1048576} MB)` };
  }
  return undefined;
}

function keyOf(realTarget: string, stat: fs.Stats): string {
  return `${realTarget}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}\0${stat.ino}`;
}

function isGzip(raw: Uint8Array): boolean {
  return raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
}

function gunzipFailure(e: unknown, shown: string): Failure {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, error: `'${shown}' unzips to more than ${MAX_DECOMPRESSED_BYTES / 1048576} MB` };
  return { ok: false, error: `'${shown}' is not a valid gzip file (${e instanceof Error ? e.message : String(e)})` };
}

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Reads (and gunzips) one file's bytes synchronously; refuses files over the limits. */
function readBytes(realTarget: string, shown: string): { ok: true; bytes: Uint8Array } | Failure {
  let fd: number | undefined;
  try {
    const before = statFailure(fs.statSync(realTarget), shown);
    if (before) return before;
    fd = fs.openSync(realTarget, OPEN_FLAGS);
    const stat = fs.fstatSync(fd);
    const refused = statFailure(stat, shown);
    if (refused) return refused;
    const key = keyOf(realTarget, stat);
    const cached = cache.get(key);
    if (cached) return { ok: true, bytes: cached };
    const raw = fs.readFileSync(fd);
    let bytes: Uint8Array = raw;
    if (isGzip(raw)) {
      try {
        bytes = zlib.gunzipSync(raw, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
      } catch (e) {
        return gunzipFailure(e, shown);
      }
    }
    remember(key, bytes);
    return { ok: true, bytes };
  } catch (e) {
    return { ok: false, error: describeDataFileError(e, shown) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function gunzipAsync(raw: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => zlib.gunzip(raw, { maxOutputLength: MAX_DECOMPRESSED_BYTES }, (e, out) => (e ? reject(e) : resolve(out))));
}

/** Reads one file into the cache without blocking the thread; true when new bytes (or a new failure) arrived. */
async function loadOne(realTarget: string, shown: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    const before = await fs.promises.stat(realTarget);
    if (statFailure(before, shown)) return false; // the synchronous reader reports it
    const key = keyOf(realTarget, before);
    if (cache.has(key) || failed.has(key)) return false;
    const pending = reading.get(key);
    if (pending) return pending;
    const work = (async (): Promise<boolean> => {
      handle = await fs.promises.open(realTarget, OPEN_FLAGS);
      const stat = await handle.stat();
      if (statFailure(stat, shown) || keyOf(realTarget, stat) !== key) return true; // changed meanwhile: check again
      const raw = await handle.readFile();
      try {
        remember(key, isGzip(raw) ? await gunzipAsync(raw) : raw);
      } catch (e) {
        rememberFailure(key, gunzipFailure(e, shown).error);
      }
      return true;
    })().finally(() => {
      reading.delete(key);
      void handle?.close();
    });
    reading.set(key, work);
    return await work;
  } catch {
    return false; // missing, unreadable: the synchronous reader says why
  }
}

/** The IDX files (images and labels) `text` names, normalised; CSV files are left to data-reader.ts. */
export function binaryPathsOf(text: string): string[] {
  const paths = new Set<string>();
  for (const s of parse(text).statements) {
    if (s.kind !== 'data' || !s.file || !s.labels?.file) continue;
    for (const name of [s.file.value, s.labels.file.value]) {
      const normal = normaliseDataPath(name);
      if (normal !== undefined) paths.add(normal);
    }
  }
  return [...paths];
}

/**
 * Reads ahead, off the thread, the IDX files the .nnet text at `nnetFilePath` names. True when
 * anything new arrived (a check then sees it through `createByteReader(…, { onlyLoaded })`).
 */
export async function loadBinaryFiles(nnetFilePath: string, text: string): Promise<boolean> {
  const folder = path.dirname(path.resolve(nnetFilePath));
  const loads = binaryPathsOf(text).map((p) => {
    const resolved = resolveDataFile(folder, p);
    return resolved.ok ? loadOne(resolved.realTarget, p) : Promise.resolve(false);
  });
  return (await Promise.all(loads)).some((x) => x);
}

export interface ByteReaderOptions {
  /** Serve only what `loadBinaryFiles` read; for anything else call this and report the file as being read. */
  readonly onlyLoaded?: () => void;
}

/** A byte reader for the binary data files of the .nnet file at `nnetFilePath`. */
export function createByteReader(nnetFilePath: string, options: ByteReaderOptions = {}): ByteReader {
  const folder = path.dirname(path.resolve(nnetFilePath));
  const stated = (relativePath: string): { ok: true; key: string; realTarget: string } | Failure => {
    const resolved = resolveDataFile(folder, relativePath);
    if (!resolved.ok) return resolved;
    try {
      const stat = fs.statSync(resolved.realTarget);
      return statFailure(stat, relativePath) ?? { ok: true, key: keyOf(resolved.realTarget, stat), realTarget: resolved.realTarget };
    } catch (e) {
      return { ok: false, error: describeDataFileError(e, relativePath) };
    }
  };
  const reader: ByteReader = (relativePath, sink) => {
    let bytes: Uint8Array;
    if (options.onlyLoaded) {
      const file = stated(relativePath);
      if (!file.ok) return file;
      const failure = failed.get(file.key);
      if (failure !== undefined) return { ok: false, error: failure };
      const cached = cache.get(file.key);
      if (!cached) {
        options.onlyLoaded();
        return { ok: false, error: `'${relativePath}' is being read` };
      }
      bytes = cached;
    } else {
      const resolved = resolveDataFile(folder, relativePath);
      if (!resolved.ok) return resolved;
      const read = readBytes(resolved.realTarget, relativePath);
      if (!read.ok) return read;
      bytes = read.bytes;
    }
    for (let at = 0; at < bytes.length; at += CHUNK) sink(bytes.subarray(at, Math.min(bytes.length, at + CHUNK)));
    return { ok: true };
  };
  reader.contentKey = (relativePath) => {
    const file = stated(relativePath);
    return file.ok ? file.key : undefined;
  };
  return reader;
}

/** Both adapters for a .nnet file on disk (BuildOptions): CSV text and binary (IDX) bytes. */
export function dataReaders(nnetFilePath: string): { readData: DataReader; readBytes: ByteReader } {
  return { readData: createDataReader(nnetFilePath), readBytes: createByteReader(nnetFilePath) };
}
