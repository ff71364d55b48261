/**
 * Listing and reading artifacts in a local folder, with async fs only (the extension host must
 * not block), and never outside that folder.
 */
import { open, readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ArtifactEntry } from '../entities';
import { StoreError } from '../errors';

/** `relative` inside `root`; throws for absolute paths and `..` that leave it. */
export function artifactPath(root: string, relative: string | undefined): string {
  const clean = (relative ?? '').replace(/\\/g, '/');
  if (clean.includes('\0') || clean.startsWith('/') || /^[a-z]:/i.test(clean)) {
    throw outside(relative ?? '');
  }
  const full = path.resolve(root, clean);
  const inside = path.relative(root, full);
  if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) throw outside(relative ?? '');
  return full;
}

function outside(relative: string): StoreError {
  return new StoreError(
    'NOT_FOUND',
    `The artifact path "${relative}" leaves the artifact folder; artifact paths are relative to it and cannot go up with "..".`,
  );
}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StoreError('CANCELLED', 'The request was cancelled.');
}

function fsError(error: unknown, what: string): StoreError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new StoreError('NOT_FOUND', `${what} does not exist.`);
  return new StoreError('UNREADABLE', `${what} cannot be read: ${(error as Error).message}`, String(error));
}

/** One level of `root/relative`, sorted by path; empty when the folder does not exist. */
export async function listLocalArtifacts(root: string, relative?: string, signal?: AbortSignal): Promise<ArtifactEntry[]> {
  const folder = artifactPath(root, relative);
  const prefix = path.relative(root, folder).split(path.sep).join('/');
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // As MLflow's local artifact repository: a run without artifacts lists nothing.
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw fsError(error, `The artifact folder ${folder}`);
  }
  checkSignal(signal);
  const entries = await Promise.all(
    names.map(async (name): Promise<ArtifactEntry | undefined> => {
      try {
        // stat, not the dirent: a symlinked folder is listed as the folder it points to.
        const info = await stat(path.join(folder, name));
        const entryPath = prefix ? `${prefix}/${name}` : name;
        return info.isDirectory() ? { path: entryPath, isDir: true } : { path: entryPath, isDir: false, fileSize: info.size };
      } catch {
        return undefined; // A dangling link or a file deleted meanwhile.
      }
    }),
  );
  checkSignal(signal);
  return entries.filter((e): e is ArtifactEntry => e !== undefined).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** At most `maxBytes` (all when omitted) of the file `root/relative`. */
export async function readLocalArtifact(root: string, relative: string, maxBytes?: number, signal?: AbortSignal): Promise<Uint8Array> {
  const file = artifactPath(root, relative);
  if (file === path.resolve(root)) throw new StoreError('NOT_FOUND', 'An artifact path is required to read a file.');
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fsError(error, `The artifact ${relative}`);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new StoreError('NOT_FOUND', `The artifact ${relative} is a folder, not a file.`);
    const length = Math.min(info.size, maxBytes ?? info.size);
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      checkSignal(signal);
      const { bytesRead } = await handle.read(buffer, filled, Math.min(length - filled, 1 << 20), filled);
      if (bytesRead === 0) break; // The file shrank while we read it.
      filled += bytesRead;
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
