/**
 * The worker never writes: not beside the store, not anywhere. Our esbuild plugin already turns
 * node-sqlite3-wasm's lock directories off; this makes every file-modifying call of `fs` fail in
 * the worker thread as well, so a library update, an unbundled build or SQLite deciding to
 * delete a journal cannot touch the user's files. SQLite sees an I/O error instead.
 */
import type * as Fs from 'node:fs';

const MODIFYING = [
  'appendFileSync',
  'chmodSync',
  'chownSync',
  'copyFileSync',
  'cpSync',
  'fchmodSync',
  'fchownSync',
  'fdatasyncSync',
  'fsyncSync',
  'ftruncateSync',
  'futimesSync',
  'linkSync',
  'lutimesSync',
  'mkdirSync',
  'mkdtempSync',
  'renameSync',
  'rmdirSync',
  'rmSync',
  'symlinkSync',
  'truncateSync',
  'unlinkSync',
  'utimesSync',
  'writeFileSync',
  'writeSync',
  'writevSync',
] as const;

function readOnlyError(call: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EROFS: the MLflow store reader never modifies files (${call})`), {
    code: 'EROFS',
    syscall: call,
  });
}

function opensForWriting(flags: unknown, fs: typeof Fs): boolean {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') {
    const { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND } = fs.constants;
    return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) !== 0;
  }
  return String(flags) !== 'r' && String(flags) !== 'rs' && String(flags) !== 'sr';
}

/** Replaces the modifying synchronous calls of `fs` (this thread's module instance). */
export function lockDownFs(fs: typeof Fs): void {
  const target = fs as unknown as Record<string, unknown>;
  for (const name of MODIFYING) {
    target[name] = () => {
      throw readOnlyError(name);
    };
  }
  const openSync = fs.openSync;
  target.openSync = (file: Fs.PathLike, flags?: Fs.OpenMode, mode?: Fs.Mode) => {
    if (opensForWriting(flags, fs)) throw readOnlyError('open');
    return openSync(file, flags ?? 'r', mode);
  };
}
