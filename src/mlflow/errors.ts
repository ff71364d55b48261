/**
 * Errors the data layer raises, as values a view can render and act on. Every error carries a
 * message meant for the user; `code` lets views choose an action (retry, fix the filter, ...).
 */

export type StoreErrorCode =
  /** The filter or order_by does not parse, or names something MLflow does not allow. */
  | 'INVALID_FILTER'
  /** The file is not an MLflow store (not SQLite, no MLflow tables). */
  | 'NOT_A_STORE'
  /** The file is damaged (truncated, malformed pages). */
  | 'CORRUPT_STORE'
  /** The file cannot be read (permissions, missing). */
  | 'UNREADABLE'
  /** A writer kept the store busy mid-write for longer than the reader was willing to wait. */
  | 'BUSY'
  /** The requested entity does not exist. */
  | 'NOT_FOUND'
  /** The request was cancelled. */
  | 'CANCELLED'
  /** A tracking server rejected the credentials (401/403): set or fix them. */
  | 'AUTH'
  /** A tracking server answered an error status the other codes do not cover. */
  | 'HTTP'
  /** A tracking server did not answer within the configured timeout. */
  | 'TIMEOUT'
  /** A tracking server could not be reached (refused, DNS, TLS, connection dropped). */
  | 'UNREACHABLE'
  /** Anything else. */
  | 'INTERNAL';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** A filter error with the position (0-based offset into the filter text) it refers to. */
export class FilterError extends StoreError {
  constructor(
    message: string,
    readonly filter: string,
    readonly offset: number,
  ) {
    super('INVALID_FILTER', message);
    this.name = 'FilterError';
  }
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError || (typeof error === 'object' && error !== null && (error as { name?: string }).name === 'StoreError');
}
