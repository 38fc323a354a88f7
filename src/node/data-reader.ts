// Node adapter: reads the CSV file named by a `data "x.csv"` statement. Paths are relative to
// the folder of the .nnet file and must stay inside that folder's tree, symbolic links included
// (the core rejects `..` and absolute paths too; this is the second check, on the real disk).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataFileTooLarge, MAX_DATA_FILE_BYTES, type DataReader } from '../core';

/** Larger data files are refused rather than read into memory (src/core/limits.ts). */
export { MAX_DATA_FILE_BYTES };

/** What a non-regular file is, for messages: a FIFO or a device would block or never end. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Whether `child` is `parent` itself or lies below it (both absolute, same style). */
function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!path.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${path.sep}`));
}

function describeError(error: unknown, shown: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `'${shown}' does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied reading '${shown}'`;
    case 'EISDIR':
      return `'${shown}' is a folder, not a file`;
    case 'ELOOP':
      return `'${shown}' is a loop of symbolic links`;
    default:
      return `cannot read '${shown}': ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Resolves `relativePath` against `folder` (the .nnet file's), refusing absolute paths, `..`
 * leaving it, and symbolic links leading outside it. Gives the real path to open.
 */
export function resolveDataFile(folder: string, relativePath: string): { ok: true; realTarget: string } | { ok: false; error: string } {
  const shown = relativePath;
  if (relativePath.trim() === '' || relativePath.includes('\0')) return { ok: false, error: `'${shown}' is not a valid file name` };
  if (path.isAbsolute(relativePath) || path.win32.isAbsolute(relativePath) || path.posix.isAbsolute(relativePath)) {
    return { ok: false, error: `'${shown}' is an absolute path; name the data file relative to the .nnet file` };
  }
  const target = path.resolve(folder, relativePath);
  if (!isInside(folder, target)) return { ok: false, error: `'${shown}' is outside the folder of the .nnet file` };

  let realFolder: string;
  let realTarget: string;
  try {
    realFolder = fs.realpathSync(folder);
  } catch (e) {
    return { ok: false, error: describeError(e, folder) };
  }
  try {
    realTarget = fs.realpathSync(target);
  } catch (e) {
    return { ok: false, error: describeError(e, shown) };
  }
  if (!isInside(realFolder, realTarget)) {
    return { ok: false, error: `'${shown}' leads outside the folder of the .nnet file (through a symbolic link)` };
  }
  return { ok: true, realTarget };
}

export { describeError as describeDataFileError };

/**
 * A reader for the data files of the .nnet file at `nnetFilePath`. It reads `relativePath`
 * from the .nnet file's folder (or below it) as UTF-8 text, and returns an error instead when the
 * path is absolute, climbs out with `..`, or resolves (through symbolic links) outside that folder.
 */
export function createDataReader(nnetFilePath: string): DataReader {
  const folder = path.dirname(path.resolve(nnetFilePath));
  return (relativePath: string) => {
    const shown = relativePath;
    const resolved = resolveDataFile(folder, relativePath);
    if (!resolved.ok) return resolved;
    const { realTarget } = resolved;

    // Only a regular file is opened: opening a FIFO blocks until a writer comes, and a device
    // may never end. stat first (no open), then open non-blocking and check the descriptor
    // again, so a file swapped in between cannot block either.
    let fd: number | undefined;
    try {
      const before = fs.statSync(realTarget);
      if (!before.isFile()) return { ok: false, error: `'${shown}' is ${kindOf(before)}, not a regular file` };
      if (before.size > MAX_DATA_FILE_BYTES) return { ok: false, error: dataFileTooLarge(shown, before.size) };
      fd = fs.openSync(realTarget, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return { ok: false, error: `'${shown}' is ${kindOf(stat)}, not a regular file` };
      if (stat.size > MAX_DATA_FILE_BYTES) return { ok: false, error: dataFileTooLarge(shown, stat.size) };
      let text = fs.readFileSync(fd, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return { ok: true, text };
    } catch (e) {
      return { ok: false, error: describeError(e, shown) };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };
}

/**
 * What is at a data path now, as a string that changes when the file appears, changes or goes
 * (type, size, modification time, inode); for an invalid name, a constant. A `stat`, no read:
 * the language server looks at unreadable data files with it every few seconds (data-poll.ts).
 */
export function dataFileStamp(nnetFilePath: string, relativePath: string): string {
  if (relativePath.includes('\0') || path.isAbsolute(relativePath)) return 'invalid';
  try {
    const stat = fs.statSync(path.resolve(path.dirname(path.resolve(nnetFilePath)), relativePath), { throwIfNoEntry: false });
    return stat ? `${stat.mode}:${stat.size}:${stat.mtimeMs}:${stat.ino}` : 'missing';
  } catch (e) {
    return `error:${(e as NodeJS.ErrnoException | undefined)?.code ?? String(e)}`;
  }
}
