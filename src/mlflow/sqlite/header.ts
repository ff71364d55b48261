/**
 * The parts of a SQLite file we read ourselves, with plain file reads, to decide whether a read
 * through SQLite can be trusted (see consistency.ts) and to explain a bad file precisely.
 * Format: https://www.sqlite.org/fileformat.html#the_database_header
 */
import * as fs from 'node:fs';

const MAGIC = 'SQLite format 3\0';
export const HEADER_SIZE = 100;

export interface DbHeader {
  pageSize: number;
  /** Incremented by every writer transaction in rollback-journal mode (offset 24). */
  changeCounter: number;
  /** Pages in the file according to the header; trusted only when `sizeValid`. */
  pageCount: number;
  sizeValid: boolean;
  /** Incremented on every schema change (offset 40). */
  schemaCookie: number;
  /** 2 when the store is in WAL mode (offsets 18/19). */
  wal: boolean;
}

/** What one look at the file found: identity, size and header. */
export interface FileState {
  ino: number;
  size: number;
  mtimeMs: number;
  /** Undefined when the file is shorter than a header or does not start with SQLite's magic. */
  header?: DbHeader;
}

export function parseHeader(bytes: Uint8Array): DbHeader | undefined {
  if (bytes.length < HEADER_SIZE) return undefined;
  if (Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).toString('latin1') !== MAGIC) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE);
  const rawPageSize = view.getUint16(16);
  const changeCounter = view.getUint32(24);
  return {
    pageSize: rawPageSize === 1 ? 65536 : rawPageSize,
    changeCounter,
    pageCount: view.getUint32(28),
    sizeValid: view.getUint32(92) === changeCounter,
    schemaCookie: view.getUint32(40),
    wal: view.getUint8(18) === 2 || view.getUint8(19) === 2,
  };
}

/** Reads identity and header of the file in one open. Throws the fs error (ENOENT, EACCES...). */
export function readFileState(dbPath: string): FileState {
  const fd = fs.openSync(dbPath, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      throw Object.assign(new Error(`${dbPath} is not a file`), { code: 'EISDIR' });
    }
    const bytes = new Uint8Array(HEADER_SIZE);
    const read = fs.readSync(fd, bytes, 0, HEADER_SIZE, 0);
    return { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, header: parseHeader(bytes.subarray(0, read)) };
  } finally {
    fs.closeSync(fd);
  }
}

export type JournalState = 'absent' | 'inactive' | 'hot';

/**
 * The rollback journal beside the store: absent, or empty / zeroed header (a finished
 * transaction in TRUNCATE or PERSIST mode), or "hot": a writer is mid-transaction (or crashed
 * mid-transaction) and the database file may hold half-written pages.
 */
export function journalState(dbPath: string): JournalState {
  const journal = `${dbPath}-journal`;
  let fd: number;
  try {
    fd = fs.openSync(journal, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'hot';
  }
  try {
    const first = new Uint8Array(8);
    const read = fs.readSync(fd, first, 0, first.length, 0);
    return read === 0 || first.subarray(0, read).every((b) => b === 0) ? 'inactive' : 'hot';
  } catch {
    return 'hot';
  } finally {
    fs.closeSync(fd);
  }
}
