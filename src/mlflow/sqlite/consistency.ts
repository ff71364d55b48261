/**
 * Consistent reads of a store that MLflow may be writing while we read it.
 *
 * We read without locks (file locks would mean writing beside the user's store, and MLflow's
 * writer would not see ours anyway). MLflow writes in rollback-journal mode: a writer creates
 * `<db>-journal`, overwrites pages of the database, bumps the change counter in the header and
 * deletes the journal. So a read is trustworthy when, around it, the journal was not hot and
 * the change counter (and file identity and size) did not move. Otherwise we drop the
 * connection (its page cache may hold torn pages) and retry shortly; a writer that keeps the
 * store mid-write for longer than the budget yields BUSY.
 *
 * Order matters: before a read we sample the header, then the journal; after it, the journal,
 * then the header. A transaction overlapping the read is then either still journalled at the
 * second look or has already moved the counter.
 */
import { isStoreError, StoreError } from '../errors';
import { readFileState, journalState, type FileState, type JournalState } from './header';
import { busy, corruptStore, notAStore, unreadable, walMode } from './messages';

export interface ReadConnection {
  exec(sql: string): void;
  close(): void;
}

export interface ReaderOptions {
  /** How long to keep retrying while a writer is busy (ms; default READ_BUDGET_MS). */
  budgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A read retries for up to 5 s while writers keep changing the store under it: on a loaded
 * machine (2 cores, several processes) a read can take tens of milliseconds, and a script that
 * commits every few milliseconds leaves it few gaps; giving up sooner showed BUSY for nothing.
 */
export const READ_BUDGET_MS = 5000;

export interface ReaderStats {
  reads: number;
  retries: number;
}

type SqliteFailure = 'hot-journal' | 'malformed' | 'not-a-database' | 'io' | 'cannot-open' | 'other';

/** node-sqlite3-wasm reports SQLite errors by message only. */
export function classifySqliteError(error: unknown): SqliteFailure {
  const message = String((error as Error | undefined)?.message ?? error);
  if (message.includes('attempt to write a readonly database')) return 'hot-journal';
  if (message.includes('database disk image is malformed')) return 'malformed';
  if (message.includes('file is not a database')) return 'not-a-database';
  if (message.includes('disk I/O error')) return 'io';
  if (message.includes('unable to open database file') || message.includes('Could not open the database')) {
    return 'cannot-open';
  }
  return 'other';
}

interface Look {
  file: FileState;
  journal: JournalState;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ConsistentReader<C extends ReadConnection> {
  private connection?: C;
  private connectionIno?: number;
  readonly stats: ReaderStats = { reads: 0, retries: 0 };

  constructor(
    readonly dbPath: string,
    private readonly connect: (dbPath: string) => C,
    private readonly options: ReaderOptions = {},
  ) {}

  /** Runs `fn` as one read transaction whose result reflects one committed state of the store. */
  async read<T>(fn: (connection: C) => T, options: { checkComplete?: boolean } = {}): Promise<T> {
    const deadline = Date.now() + (this.options.budgetMs ?? READ_BUDGET_MS);
    const sleep = this.options.sleep ?? sleepFor;
    let freshRetry = false;
    for (;;) {
      const before = this.lookBefore();
      let reason = 'a writer holds a hot rollback journal';
      if (before.journal !== 'hot') {
        this.checkFile(before.file);
        let value: T | undefined;
        let failure: unknown;
        let failed = false;
        try {
          value = this.transaction(before.file.ino, fn);
        } catch (error) {
          failed = true;
          failure = error;
        }
        const after = this.lookAfter();
        if (after.journal !== 'hot' && sameState(before.file, after.file)) {
          this.stats.reads++;
          const truncated = options.checkComplete ? this.truncation(after.file) : undefined;
          if (truncated) throw truncated;
          if (!failed) return value as T;
          if (isStoreError(failure)) throw failure;
          const kind = classifySqliteError(failure);
          if (kind !== 'other' && !freshRetry) {
            // The looks say no writer interfered. Before calling the file damaged, read once
            // more through a new connection, in case the old one's page cache was stale.
            freshRetry = true;
            this.closeConnection();
            continue;
          }
          throw this.finalError(kind, failure, after.file);
        }
        // The page cache may now hold pages of the half-written state.
        this.closeConnection();
        reason = failed ? `the store changed during the read (${String(failure)})` : 'the store changed during the read';
      }
      this.stats.retries++;
      if (Date.now() >= deadline) throw busy(this.dbPath, reason);
      // Writers commit in milliseconds and a read must fit between two of their transactions:
      // look again soon rather than back off and miss the gaps of a fast-logging script.
      await sleep(1);
    }
  }

  close(): void {
    this.closeConnection();
  }

  private transaction<T>(ino: number, fn: (connection: C) => T): T {
    if (this.connection && this.connectionIno !== ino) this.closeConnection();
    if (!this.connection) {
      try {
        this.connection = this.connect(this.dbPath);
      } catch (error) {
        throw unreadable(this.dbPath, error);
      }
      this.connectionIno = ino;
    }
    const connection = this.connection;
    connection.exec('BEGIN');
    try {
      const value = fn(connection);
      connection.exec('COMMIT');
      return value;
    } catch (error) {
      try {
        connection.exec('ROLLBACK');
      } catch {
        // No transaction left to end (SQLite ends it itself on some errors).
      }
      throw error;
    }
  }

  private lookBefore(): Look {
    const file = this.fileState();
    return { file, journal: journalState(this.dbPath) };
  }

  private lookAfter(): Look {
    const journal = journalState(this.dbPath);
    return { file: this.fileState(), journal };
  }

  private fileState(): FileState {
    try {
      return readFileState(this.dbPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw notAStore(this.dbPath, 'it is a directory');
      throw unreadable(this.dbPath, error);
    }
  }

  /** Facts about the file that no retry changes. */
  private checkFile(file: FileState): void {
    if (!file.header) {
      throw notAStore(this.dbPath, file.size === 0 ? 'the file is empty' : 'it is not a SQLite database (no SQLite header)');
    }
    if (file.header.wal) throw walMode(this.dbPath);
  }

  /** Explains a file that is shorter than its header says before blaming SQLite's message. */
  private truncation(file: FileState): StoreError | undefined {
    const header = file.header;
    if (!header?.sizeValid) return undefined;
    const expected = header.pageCount * header.pageSize;
    if (file.size >= expected) return undefined;
    return corruptStore(this.dbPath, `it is truncated: ${file.size} of ${expected} bytes`);
  }

  private finalError(kind: SqliteFailure, failure: unknown, file: FileState): StoreError {
    const detail = String((failure as Error | undefined)?.message ?? failure);
    const truncated = this.truncation(file);
    if (truncated && kind !== 'other') return truncated;
    switch (kind) {
      case 'malformed':
      case 'not-a-database':
        return corruptStore(this.dbPath, `SQLite: ${detail}`, detail);
      case 'hot-journal':
        return busy(this.dbPath, detail);
      case 'io':
      case 'cannot-open':
        return unreadable(this.dbPath, failure);
      default:
        return new StoreError('INTERNAL', `Reading ${this.dbPath} failed: ${detail}`, detail);
    }
  }

  private closeConnection(): void {
    const connection = this.connection;
    this.connection = undefined;
    try {
      connection?.close();
    } catch {
      // Closing a connection that SQLite already considers broken; nothing to release.
    }
  }
}

/**
 * The counter moves with every commit; mtime also catches a writer that spilled pages into the
 * file and then rolled back (which restores the counter but not the modification time).
 */
function sameState(a: FileState, b: FileState): boolean {
  return (
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.header !== undefined &&
    b.header !== undefined &&
    a.header.changeCounter === b.header.changeCounter
  );
}
