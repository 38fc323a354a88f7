// Data files a check could not read are looked at again every few seconds while their document
// is open: the client's file watcher tells the server when a data file appears or changes, but
// watchers miss events (inotify limits, network and container file systems, a folder created a
// moment before the file), and a user who writes the missing CSV should not have to edit the
// .nnet file to see its error go. A look is a `stat` per unreadable path (the platform's
// `dataStamp`); the document is checked again only when what is there changed.

/** What the platform says is at a data path: any string that changes when the file appears or changes (no access: undefined). */
export type DataStamp = (uri: string, path: string) => string | undefined;

/** How often unreadable data files are looked at again (ms). */
export const DATA_POLL_MS = 2000;

export class UnreadDataPoll {
  /** Per document: each unreadable path and what was there when the check failed to read it. */
  private readonly unread = new Map<string, Map<string, string | undefined>>();
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `changed`: a document whose unreadable data files changed (check it again). */
  constructor(
    private readonly stamp: DataStamp | undefined,
    private readonly changed: (uri: string) => void,
    private readonly every = DATA_POLL_MS,
  ) {}

  /** The paths the document's latest check could not read (none: stop looking for it). */
  set(uri: string, paths: readonly string[]): void {
    if (!this.stamp || paths.length === 0) {
      this.forget(uri);
      return;
    }
    this.unread.set(uri, new Map(paths.map((p) => [p, this.stamp!(uri, p)])));
    if (!this.timer) {
      this.timer = setInterval(() => this.look(), this.every);
      // (A Node timer must not keep a server alive whose client has gone.)
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  forget(uri: string): void {
    this.unread.delete(uri);
    if (this.unread.size === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look at every unreadable path; documents with a changed one are handed to `changed` (once each). */
  look(): void {
    for (const [uri, paths] of [...this.unread]) {
      for (const [path, before] of paths) {
        if (this.stamp!(uri, path) !== before) {
          this.forget(uri);
          this.changed(uri);
          break;
        }
      }
    }
  }
}
