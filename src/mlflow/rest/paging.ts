/** Following MLflow's opaque `next_page_token`s to the end of a listing. */
import type { CallOptions } from '../store';
import type { HttpClient, HttpRequest } from './http';
import type { Json } from './protoJson';

export const API = '/api/2.0/mlflow';

/**
 * Requests pages until the server sends no token. A token seen twice would loop forever on a
 * misbehaving proxy, so it ends the listing instead.
 */
export async function allPages<T>(
  http: HttpClient,
  request: (pageToken: string | undefined) => HttpRequest,
  itemsKey: string,
  map: (item: Json) => T,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await http.json<Json>(request(token));
    for (const item of Array.isArray(page[itemsKey]) ? (page[itemsKey] as Json[]) : []) items.push(map(item));
    token = typeof page.next_page_token === 'string' && page.next_page_token ? page.next_page_token : undefined;
    if (token !== undefined && seen.has(token)) break;
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
  return items;
}

export function get(path: string, query: HttpRequest['query'], options?: CallOptions): HttpRequest {
  return { method: 'GET', path: `${API}/${path}`, query, idempotent: true, signal: options?.signal };
}

/** A read-only POST (the searches): idempotent, so retried like a GET. */
export function search(path: string, body: Json, options?: CallOptions, hasFilter = false): HttpRequest {
  return { method: 'POST', path: `${API}/${path}`, body, idempotent: true, hasFilter, signal: options?.signal };
}
