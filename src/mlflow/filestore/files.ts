/**
 * The small file reads a FileStore is made of, all async and all tolerant: a file that is
 * missing, unreadable or not UTF-8 is reported to `log` and read as absent, never thrown.
 */
import * as fs from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { Tag } from '../entities';

export type Log = (message: string) => void;

/**
 * The callback forms of readFile and stat, promisified: on thousands of small files they ran
 * 3 times faster than fs/promises' (Node 20, 16 in flight: 17,240 reads 213 vs 724 ms, 18,800
 * stats 86 vs 240 ms), which allocates a FileHandle per call.
 */
const readFile = promisify(fs.readFile);
const stat = promisify(fs.stat);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How many file operations run at once: enough to keep libuv's pool busy, few enough to stay cheap. */
export const CONCURRENCY = 16;

/** Maps `items` with at most `limit` calls in flight; yields to the event loop between batches. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
      // A lane whose reads were all cached would otherwise run to the end in one macrotask.
      if (index % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function missing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** `mtime:size:inode` of a file or folder, `-` when it does not exist: what says it changed. */
export async function fileVersion(file: string): Promise<string> {
  try {
    const info = await stat(file);
    return `${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch {
    return '-';
  }
}

/** A folder's entries; empty when it does not exist. */
export async function listDir(dir: string, log: Log): Promise<fs.Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (!missing(error)) log(`Skipped the folder ${dir}: ${(error as Error).message}`);
    return [];
  }
}

/** A file's text, or undefined when it is missing (silently) or unreadable or not UTF-8 (logged). */
export async function readText(file: string, log: Log): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (!missing(error)) log(`Skipped ${file}: ${(error as Error).message}`);
    return undefined;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    log(`Skipped ${file}: not UTF-8 text.`);
    return undefined;
  }
}

export type Meta = Record<string, unknown>;

/** A meta.yaml as a mapping; undefined (logged) when it is missing, empty or not YAML. */
export async function readMeta(file: string, log: Log): Promise<Meta | undefined> {
  const text = await readText(file, log);
  if (text === undefined) return undefined;
  try {
    const value: unknown = parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Meta;
    log(`Skipped ${file}: not a YAML mapping.`);
  } catch (error) {
    log(`Skipped ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  return undefined;
}

export function metaString(meta: Meta, key: string): string | undefined {
  const value = meta[key];
  return value === null || value === undefined ? undefined : String(value);
}

export function metaNumber(meta: Meta, key: string): number | undefined {
  const value = meta[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A YAML mapping of strings (`tags:` in an experiment's meta.yaml) as tags. */
export function metaTags(meta: Meta, key: string): Tag[] {
  const value = meta[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => ({ key: k, value: v === null ? '' : String(v) }));
}

/**
 * The files of a params/ or tags/ folder as key-value pairs. Keys containing `/` are nested
 * folders; the file's whole content is the value.
 */
export async function readKeyValues(dir: string, log: Log, prefix = ''): Promise<Tag[]> {
  const entries = await listDir(dir, log);
  const pairs = await Promise.all(
    entries.map(async (entry): Promise<Tag[]> => {
      const file = path.join(dir, entry.name);
      const key = prefix + entry.name;
      if (entry.isDirectory()) return readKeyValues(file, log, `${key}/`);
      const value = await readText(file, log);
      return value === undefined ? [] : [{ key, value }];
    }),
  );
  return pairs.flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The files below `dir` as keys (`a/b` for nested folders) and paths. */
export async function listKeyFiles(dir: string, log: Log, prefix = ''): Promise<{ key: string; file: string }[]> {
  const entries = await listDir(dir, log);
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const file = path.join(dir, entry.name);
      const key = prefix + entry.name;
      return entry.isDirectory() ? listKeyFiles(file, log, `${key}/`) : [{ key, file }];
    }),
  );
  return nested.flat();
}
