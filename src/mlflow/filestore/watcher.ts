/**
 * Notices writes under `mlruns/`. Recursive fs.watch does not exist on Linux in Node 20 and one
 * inotify watch per run folder would exhaust the per-user limit on big stores, so:
 * - fs.watch (one level) on the store folder and the experiment folders: a new or deleted run
 *   or experiment is seen at once;
 * - a stat poll of the paths the store names (meta.yaml of runs it has listed, metric files of
 *   runs still running, the registry): a metric appended or a run finishing is seen within the
 *   poll interval.
 * A path seen for the first time only records its state; listeners fire, debounced, when a
 * known path changed or a watched folder reported an event.
 */
import * as fs from 'node:fs';
import { CONCURRENCY, fileVersion, mapLimit } from './files';

export interface FileWatchOptions {
  /** Stat poll interval (ms, default 2000). */
  pollIntervalMs?: number;
  /** Quiet time before listeners fire (ms, default 300). */
  debounceMs?: number;
}

export interface WatchTargets {
  /** Folders to fs.watch (one level each). */
  folders: string[];
  /** Files and folders whose mtime and size are polled. */
  polled: string[];
}


export class FileStoreWatcher {
  private readonly listeners = new Set<() => void>();
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private readonly versions = new Map<string, string>();
  private poll?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private started?: Promise<void>;
  private disposed = false;

  constructor(
    private readonly targets: () => WatchTargets,
    private readonly options: FileWatchOptions = {},
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Resolves once the first poll has recorded the state that later changes are compared with. */
  whenWatching(): Promise<void> {
    return this.started ?? Promise.resolve();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.started = this.check();
    this.poll = setInterval(() => void this.check(), this.options.pollIntervalMs ?? 2000);
    this.poll.unref();
  }

  private stop(): void {
    clearInterval(this.poll);
    clearTimeout(this.debounce);
    this.poll = undefined;
    this.started = undefined;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  /** Stats every polled path; also re-aims the fs.watch watchers at the current folders. */
  private check(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.checking ??= this.compare().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async compare(): Promise<void> {
    const { folders, polled } = this.targets();
    this.watchFolders(folders);
    const versions = await mapLimit(polled, CONCURRENCY, fileVersion);
    let changed = false;
    polled.forEach((file, i) => {
      const previous = this.versions.get(file);
      if (previous !== undefined && previous !== versions[i]) changed = true;
      this.versions.set(file, versions[i]);
    });
    if (changed) this.fire();
  }

  private watchFolders(folders: string[]): void {
    const wanted = new Set(folders);
    for (const [folder, watcher] of this.watchers) {
      if (!wanted.has(folder)) {
        watcher.close();
        this.watchers.delete(folder);
      }
    }
    for (const folder of wanted) {
      if (this.watchers.has(folder)) continue;
      try {
        const watcher = fs.watch(folder, { persistent: false }, () => this.fire());
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(folder);
        });
        this.watchers.set(folder, watcher);
      } catch {
        // A folder deleted meanwhile, or a filesystem without inotify: the poll still covers it.
      }
    }
  }

  private fire(): void {
    if (this.disposed || this.listeners.size === 0) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      for (const listener of [...this.listeners]) listener();
    }, this.options.debounceMs ?? 300);
  }
}
