// Atomic file replacement: the new text goes to a temporary file in the same folder, is flushed
// to disk, and then renamed over the original, so a crash or a full disk mid-write leaves
// either the old file or the new one, never half of each. The original's permission bits are
// kept; a symbolic link is followed (its target is replaced, the link stays a link).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /**
   * The text the file must still hold, as read before the new text was computed. When the file
   * on disk differs (someone edited it meanwhile), nothing is written and `changed` comes back.
   */
  readonly expected?: string;
}

export type AtomicWriteResult = { readonly ok: true } | { readonly ok: false; readonly changed?: true; readonly error: string };

/** Replaces `file`'s contents with `text` (UTF-8) or bytes atomically; creates it if missing. Never throws. */
export function writeFileAtomic(file: string, text: string | Uint8Array, options: AtomicWriteOptions = {}): AtomicWriteResult {
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch (e) {
    // A new file: write beside the name given.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, error: message(e) };
    target = path.resolve(file);
  }
  let mode = 0o644;
  try {
    const stat = fs.statSync(target);
    if (!stat.isFile()) return { ok: false, error: `${file} is not a regular file` };
    mode = stat.mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, error: message(e) };
  }
  if (options.expected !== undefined) {
    let now: string | undefined;
    try {
      now = fs.readFileSync(target, 'utf8');
    } catch {
      now = undefined;
    }
    if (now !== options.expected) return { ok: false, changed: true, error: `${file} changed on disk since it was read; not overwriting it` };
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', mode);
    if (typeof text === 'string') fs.writeFileSync(fd, text, 'utf8');
    else fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.chmodSync(temp, mode); // the umask may have narrowed openSync's mode
    fs.renameSync(temp, target);
    return { ok: true };
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      fs.unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    return { ok: false, error: message(e) };
  }
}

function message(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'the file system is read-only';
  return e instanceof Error ? e.message : String(e);
}
