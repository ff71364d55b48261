/** Page sizes and opaque page tokens (an offset into the ordered result). */
import { StoreError } from '../errors';
import type { Page } from '../store';
import type { PageResult } from './protocol';

export const DEFAULT_MAX_RESULTS = 100;
/** MLflow's own ceiling for a page of runs. */
export const MAX_RESULTS_LIMIT = 50_000;

export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
    throw new StoreError('INVALID_FILTER', `maxResults must be an integer from 1 to ${MAX_RESULTS_LIMIT}, not ${maxResults}.`);
  }
  return maxResults;
}

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the error below.
  }
  throw new StoreError('INVALID_FILTER', 'The page token is not one this store issued; start the search from the first page.');
}

export function toPage<T>(result: PageResult<T>, offset: number, limit: number): Page<T> {
  return result.hasMore ? { items: result.items, nextPageToken: encodePageToken(offset + limit) } : { items: result.items };
}
