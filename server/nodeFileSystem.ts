import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileSystem, FileType } from './service/fileSystem';

async function typeOf(absolutePath: string): Promise<FileType | undefined> {
  try {
    const stats = await fs.stat(absolutePath);
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : undefined;
  } catch {
    return undefined;
  }
}

/** The language service's file system over node:fs (symbolic links followed). */
export const nodeFileSystem: FileSystem = {
  stat: typeOf,
  async readDirectory(folder) {
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      return [];
    }
    const typed = await Promise.all(
      entries.map(async (entry): Promise<[string, FileType | undefined]> => {
        if (entry.isFile()) return [entry.name, 'file'];
        if (entry.isDirectory()) return [entry.name, 'directory'];
        return [entry.name, entry.isSymbolicLink() ? await typeOf(path.join(folder, entry.name)) : undefined];
      }),
    );
    return typed.filter((entry): entry is [string, FileType] => entry[1] !== undefined);
  },
};
