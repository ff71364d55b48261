// The one door to the disk. The language service asks through this interface (env files, path
// defaults, scripts) so that it stays pure and testable; server/nodeFileSystem.ts implements it
// over node:fs, tests with an in-memory map.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type FileType = 'file' | 'directory';

export interface FileSystem {
  /** What is at an absolute path, or undefined when nothing (or it cannot be read). */
  stat(absolutePath: string): Promise<FileType | undefined>;
  /** The entries of a folder; empty when it cannot be read. */
  readDirectory(absolutePath: string): Promise<[name: string, type: FileType][]>;
}

/** A file system with nothing in it, for documents that are not files (untitled, remote). */
export const NO_FILES: FileSystem = {
  stat: async () => undefined,
  readDirectory: async () => [],
};

/** The folder of a `file:` document, where MLflow resolves the paths written in it. */
export function folderOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function resolveIn(folder: string, relative: string): string {
  return path.resolve(folder, relative);
}

export function fileUri(absolutePath: string): string {
  return pathToFileURL(absolutePath).href;
}

/**
 * Remembers what `stat` answered until the files change (`clear`, on the client's file events) or,
 * for clients that report none, for `maxAgeMs`: while typing, a document is validated again and
 * again against the same few files.
 */
export class CachedFileSystem implements FileSystem {
  private readonly stats = new Map<string, { at: number; type: Promise<FileType | undefined> }>();

  constructor(
    private readonly inner: FileSystem,
    private readonly maxAgeMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  stat(absolutePath: string): Promise<FileType | undefined> {
    const cached = this.stats.get(absolutePath);
    if (cached && this.now() - cached.at < this.maxAgeMs) return cached.type;
    if (this.stats.size >= 1000) this.stats.clear();
    const type = this.inner.stat(absolutePath);
    this.stats.set(absolutePath, { at: this.now(), type });
    return type;
  }

  readDirectory(absolutePath: string): Promise<[name: string, type: FileType][]> {
    return this.inner.readDirectory(absolutePath);
  }

  clear(): void {
    this.stats.clear();
  }
}
