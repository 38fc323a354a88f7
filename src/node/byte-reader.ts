// Node adapter: reads binary data files (IDX) named by `data "…" labels "…"`, gunzipping them when
// they are gzip (by their magic bytes, whatever the name), and hands the bytes to the core's
// decoder in chunks. Paths are checked as for CSV files (resolveDataFile). The decoded bytes of
// the last few files are kept (keyed by real path, size and modification time), so re-checking an
// edited .nnet file does not unzip 26 MB again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { ByteReader, DataReader } from '../core/model/network';
import { createDataReader, describeDataFileError, resolveDataFile } from './data-reader';

/** Largest file read (compressed size) and largest decompressed size. */
export const MAX_BINARY_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024;
/** Bytes handed to the decoder at a time. */
const CHUNK = 1 << 20;
const CACHE_ENTRIES = 4;

const cache = new Map<string, Uint8Array>();

function remember(key: string, bytes: Uint8Array): void {
  cache.delete(key);
  cache.set(key, bytes);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
}

/** Reads (and gunzips) one file's bytes; refuses files over the limits. */
function readBytes(realTarget: string, shown: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(realTarget, 'r');
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, error: `'${shown}' is not a regular file` };
    if (stat.size > MAX_BINARY_FILE_BYTES) {
      return { ok: false, error: `'${shown}' is too large (${Math.round(stat.size / 1048576)} MB; the limit is ${MAX_BINARY_FILE_BYTES / 1048576} MB)` };
    }
    const key = `${realTarget}\0${stat.size}\0${stat.mtimeMs}`;
    const cached = cache.get(key);
    if (cached) return { ok: true, bytes: cached };
    const raw = fs.readFileSync(fd);
    let bytes: Uint8Array = raw;
    if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
      try {
        bytes = zlib.gunzipSync(raw, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, error: `'${shown}' unzips to more than ${MAX_DECOMPRESSED_BYTES / 1048576} MB` };
        return { ok: false, error: `'${shown}' is not a valid gzip file (${e instanceof Error ? e.message : String(e)})` };
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

/** A byte reader for the binary data files of the .nnet file at `nnetFilePath`. */
export function createByteReader(nnetFilePath: string): ByteReader {
  const folder = path.dirname(path.resolve(nnetFilePath));
  return (relativePath, sink) => {
    const resolved = resolveDataFile(folder, relativePath);
    if (!resolved.ok) return resolved;
    const read = readBytes(resolved.realTarget, relativePath);
    if (!read.ok) return read;
    const { bytes } = read;
    for (let at = 0; at < bytes.length; at += CHUNK) sink(bytes.subarray(at, Math.min(bytes.length, at + CHUNK)));
    return { ok: true };
  };
}

/** Both adapters for a .nnet file on disk (BuildOptions): CSV text and binary (IDX) bytes. */
export function dataReaders(nnetFilePath: string): { readData: DataReader; readBytes: ByteReader } {
  return { readData: createDataReader(nnetFilePath), readBytes: createByteReader(nnetFilePath) };
}
