/**
 * Notices when a training script writes the store. fs.watch on the folder reacts at once but is
 * unreliable on network and container filesystems, so a slow stat poll backs it up. Listeners
 * fire when size, mtime or the header's change counter actually moved, and not while a writer
 * is mid-transaction (hot journal).
 */
import * as fs from 'node:fs';
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseHeader } from './header';

export interface WatchOptions {
  pollIntervalMs?: number;
  debounceMs?: number;
  /** False to rely on the poll alone (filesystems where fs.watch misbehaves). */
  useFsWatch?: boolean;
}

async function signature(dbPath: string): Promise<string | undefined> {
  try {
    const file = await stat(dbPath);
    const handle = await open(dbPath, 'r');
    let counter: number | undefined;
    try {
      const bytes = new Uint8Array(100);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      counter = parseHeader(bytes.subarray(0, bytesRead))?.changeCounter;
    } finally {
      await handle.close();
    }
    return `${file.ino}:${file.size}:${file.mtimeMs}:${counter}`;
  } catch {
    return undefined;
  }
}

async function journalHot(dbPath: string): Promise<boolean> {
  try {
    const handle = await open(`${dbPath}-journal`, 'r');
    try {
      const bytes = new Uint8Array(8);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      return bytes.subarray(0, bytesRead).some((b) => b !== 0);
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

export class StoreWatcher {
  private readonly listeners = new Set<() => void>();
  private watcher?: fs.FSWatcher;
  private poll?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private last?: Promise<string | undefined>;
  private checking = false;
  private recheck = false;
  private readonly names: Set<string>;

  constructor(
    private readonly dbPath: string,
    private readonly options: WatchOptions = {},
  ) {
    const base = path.basename(dbPath);
    this.names = new Set([base, `${base}-journal`, `${base}-wal`]);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Resolves once the state that later changes are compared with has been read. */
  async whenWatching(): Promise<void> {
    await this.last;
  }

  dispose(): void {
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.last = signature(this.dbPath);
    if (this.options.useFsWatch !== false) this.watch();
    this.poll = setInterval(() => void this.check(), this.options.pollIntervalMs ?? 2000);
    this.poll.unref();
  }

  private watch(): void {
    try {
      this.watcher = fs.watch(path.dirname(this.dbPath), { persistent: false }, (_event, name) => {
        if (!name || this.names.has(String(name))) this.schedule();
      });
      this.watcher.on('error', () => this.closeWatcher());
    } catch {
      // Too many watches, or a filesystem without notifications: the poll still works.
    }
  }

  private stop(): void {
    this.closeWatcher();
    clearInterval(this.poll);
    clearTimeout(this.debounce);
    this.poll = undefined;
    this.debounce = undefined;
  }

  private closeWatcher(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /**
   * Checks once `debounceMs` after the first of a burst of events. Not reset by later events: a
   * script logging every few milliseconds must still be seen while it runs, not only at its end.
   */
  private schedule(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.check();
    }, this.options.debounceMs ?? 300);
    this.debounce.unref();
  }

  private async check(): Promise<void> {
    if (this.listeners.size === 0) return;
    if (this.checking) {
      this.recheck = true;
      return;
    }
    this.checking = true;
    try {
      // Like a read (see consistency.ts): a journal before or after the look, or a second look
      // that differs, means a commit was under way; wait for it rather than announce a
      // half-written file (and then announce it again).
      const hotBefore = await journalHot(this.dbPath);
      const [previous, current] = await Promise.all([this.last, signature(this.dbPath)]);
      const hotAfter = await journalHot(this.dbPath);
      if (hotBefore || hotAfter || current !== (await signature(this.dbPath))) {
        this.schedule();
        return;
      }
      if (current === previous || this.listeners.size === 0) return;
      this.last = Promise.resolve(current);
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch {
          // One failing listener must not keep the others from hearing about the change.
        }
      }
    } finally {
      this.checking = false;
      if (this.recheck) {
        this.recheck = false;
        this.schedule();
      }
    }
  }
}
