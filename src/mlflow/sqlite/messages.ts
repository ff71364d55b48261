/** User-facing errors about the store file: each names the file and says what to do. */
import { StoreError } from '../errors';

export function notAStore(dbPath: string, reason: string): StoreError {
  return new StoreError(
    'NOT_A_STORE',
    `${dbPath} is not an MLflow SQLite store: ${reason}. Point MLflow Workbench at the mlflow.db your tracking URI uses (sqlite:///path/to/mlflow.db).`,
  );
}

export function corruptStore(dbPath: string, reason: string, detail?: string): StoreError {
  return new StoreError(
    'CORRUPT_STORE',
    `${dbPath} is damaged (${reason}). Restore it from a backup, or copy it again if it was copied while MLflow was writing it; \`sqlite3 ${dbPath} .recover\` may salvage its data.`,
    detail,
  );
}

export function unreadable(dbPath: string, error: unknown): StoreError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOENT'
      ? 'it does not exist (was it moved or deleted?)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied; check the file permissions'
        : String((error as Error | undefined)?.message ?? error);
  return new StoreError('UNREADABLE', `${dbPath} cannot be read: ${why}.`, String(error));
}

export function walMode(dbPath: string): StoreError {
  return new StoreError(
    'UNREADABLE',
    `${dbPath} uses SQLite's WAL journal mode, which the embedded read-only reader cannot open. Start \`mlflow server --backend-store-uri sqlite:///${dbPath}\` and connect to it instead.`,
  );
}

export function busy(dbPath: string, detail: string): StoreError {
  return new StoreError('BUSY', `The store ${dbPath} is being written; retrying shortly.`, detail);
}
