/**
 * The transport to one tracking server: Node's fetch with a timeout per attempt, cancellation,
 * retries with exponential backoff and full jitter for idempotent requests, a bound on requests
 * in flight, and redirects followed by hand so credentials never leave the configured origin.
 */
import type * as https from 'node:https';
import { StoreError } from '../errors';
import { endpointName, httpError, RestError, transportError } from './httpErrors';
import { Limiter } from './limiter';
import { displayUrl, type RestStoreOptions } from './options';
import { nodeFetch, tlsAgent } from './tlsFetch';

export type QueryValue = string | number | undefined | readonly (string | number)[];

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** From the server root, e.g. `/api/2.0/mlflow/runs/search`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** GETs and read-only POST searches: safe to send again after a transient failure. */
  idempotent: boolean;
  /** A 400 on this request is about the user's filter (INVALID_FILTER). */
  hasFilter?: boolean;
  signal?: AbortSignal;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const MAX_ERROR_BODY = 64 * 1024;

/** A body read that fails mid-way (connection dropped): retried like a refused connection. */
class BodyInterrupted extends Error {}

export class HttpClient {
  /** The server as messages and logs name it: no user info, no query. */
  readonly server: string;
  private readonly root: URL;
  private readonly headers: Record<string, string> = {};
  private readonly fetchImpl: typeof fetch;
  private readonly limiter: Limiter;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly log: (line: string) => void;
  private readonly agent?: https.Agent;

  constructor(options: RestStoreOptions) {
    let root: URL;
    try {
      root = new URL(options.baseUrl);
    } catch {
      throw new StoreError('UNREACHABLE', `"${displayUrl(options.baseUrl)}" is not a URL; use e.g. http://127.0.0.1:5000`);
    }
    if (root.protocol !== 'http:' && root.protocol !== 'https:') {
      throw new StoreError('UNREACHABLE', `${displayUrl(options.baseUrl)} is not an http(s) URL`);
    }
    let auth = options.auth;
    // fetch refuses URLs with credentials; `http://user:pass@host` is basic auth, as in requests.
    if (!auth && root.username) {
      auth = { kind: 'basic', username: decodeURIComponent(root.username), password: decodeURIComponent(root.password) };
    }
    root.username = '';
    root.password = '';
    root.pathname = root.pathname.replace(/\/+$/, '');
    this.root = root;
    this.server = displayUrl(root.toString());
    if (auth?.kind === 'basic') {
      this.headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    } else if (auth?.kind === 'bearer') {
      this.headers.authorization = `Bearer ${auth.token}`;
    }
    if (options.workspace) this.headers['x-mlflow-workspace'] = options.workspace;
    if (!options.fetch && (options.caCertPath || options.insecure)) this.agent = tlsAgent(options.caCertPath, !!options.insecure);
    this.fetchImpl = options.fetch ?? (this.agent ? nodeFetch(this.agent) : fetch);
    this.limiter = new Limiter(Math.max(1, options.maxConcurrent ?? 6));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = Math.max(0, options.retries ?? 3);
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.log = options.log ?? (() => undefined);
  }

  /** Closes the kept-alive connections of a custom-TLS agent. */
  dispose(): void {
    this.agent?.destroy();
  }

  /** Sends `request` and parses a JSON answer; `{}` for an empty body, as MLflow omits empty fields. */
  json<T>(request: HttpRequest): Promise<T> {
    return this.send(request, async (response) => {
      const text = await readText(response);
      if (!text.trim()) return {} as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new RestError(
          'HTTP',
          `MLflow server at ${this.server} answered ${endpointName(request.path)} with a body that is not JSON (${text.length} bytes, starting "${text.slice(0, 40).replace(/\s+/g, ' ')}"); a proxy in between may have answered instead`,
          response.status,
          endpointName(request.path),
        );
      }
    });
  }

  /** Sends `request` and reads the body as text (plain-text endpoints such as `/version`). */
  text(request: HttpRequest): Promise<string> {
    return this.send(request, readText);
  }

  /**
   * Sends `request` and hands a successful response to `read`, which consumes its body inside
   * the request's timeout and concurrency slot. Errors become StoreErrors.
   */
  async send<T>(request: HttpRequest, read: (response: Response) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(request, read);
      if (outcome.kind === 'done') return outcome.value;
      const retryable = request.idempotent && attempt < this.retries;
      const delay = retryable ? this.delayFor(attempt, outcome.retryAfterMs) : undefined;
      if (delay === undefined) throw outcome.error;
      this.log(`${request.method} ${request.path}: ${outcome.reason}; retry ${attempt + 1}/${this.retries} in ${delay} ms`);
      await sleep(delay, request.signal).catch(() => {
        throw transportError('CANCELLED', this.server, request.path);
      });
    }
  }

  private delayFor(attempt: number, retryAfterMs: number | undefined): number | undefined {
    const backoff = Math.round(Math.random() * this.retryBaseDelayMs * 2 ** attempt);
    if (retryAfterMs === undefined) return backoff;
    return retryAfterMs > this.maxRetryAfterMs ? undefined : Math.max(retryAfterMs, backoff);
  }

  private async attempt<T>(
    request: HttpRequest,
    read: (response: Response) => Promise<T>,
  ): Promise<{ kind: 'done'; value: T } | { kind: 'retry'; error: StoreError; reason: string; retryAfterMs?: number }> {
    let release: (() => void) | undefined;
    try {
      release = await this.limiter.acquire(request.signal);
    } catch {
      throw transportError('CANCELLED', this.server, request.path);
    }
    // The clock starts once the request leaves the queue: waiting for a slot is not the server's delay.
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const started = Date.now();
    try {
      const response = await this.fetchFollowingRedirects(request, signal);
      this.log(`${request.method} ${request.path} → ${response.status} in ${Date.now() - started} ms`);
      if (response.ok) {
        try {
          return { kind: 'done', value: await read(response) };
        } catch (error) {
          if (error instanceof StoreError || signal.aborted) throw error;
          throw new BodyInterrupted(String((error as Error)?.message ?? error));
        }
      }
      const body = await readText(response, MAX_ERROR_BODY).catch(() => '');
      const error = httpError(this.server, response.status, response.statusText, request.path, body, response.headers.get('content-type'), request.hasFilter);
      if (!RETRY_STATUSES.has(response.status)) throw error;
      return { kind: 'retry', error, reason: `${response.status}`, retryAfterMs: retryAfter(response.headers.get('retry-after')) };
    } catch (error) {
      if (request.signal?.aborted) throw transportError('CANCELLED', this.server, request.path);
      if (timeout.aborted) throw transportError('TIMEOUT', this.server, request.path);
      if (error instanceof StoreError) throw error;
      const cause = error instanceof BodyInterrupted ? { message: `connection closed mid-answer (${error.message})` } : error;
      const failure = transportError('UNREACHABLE', this.server, request.path, cause);
      this.log(`${request.method} ${request.path} failed after ${Date.now() - started} ms: ${failure.detail ?? ''}`);
      return { kind: 'retry', error: failure, reason: failure.detail || 'connection failed' };
    } finally {
      release();
    }
  }

  private async fetchFollowingRedirects(request: HttpRequest, signal: AbortSignal): Promise<Response> {
    let url = this.url(request);
    let method: string = request.method;
    let body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers: Record<string, string> = { ...this.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    for (let hop = 0; ; hop++) {
      const response = await this.fetchImpl(url, { method, headers, body, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || !location || hop >= MAX_REDIRECTS) return response;
      await response.body?.cancel().catch(() => undefined);
      const next = new URL(location, url);
      if (next.origin !== this.root.origin) delete headers.authorization;
      if (response.status === 303) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      this.log(`${request.method} ${request.path} redirected (${response.status}) to ${next.origin}${next.pathname}`);
      url = next.toString();
    }
  }

  private url(request: HttpRequest): string {
    const url = new URL(this.root.toString());
    // `new URL('http://host:5000').pathname` is '/': join without doubling the slash.
    url.pathname = `${this.root.pathname.replace(/\/+$/, '')}${request.path}`;
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url.toString();
  }
}

/** Seconds or an HTTP date, as ms from now. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The body as UTF-8 text, stopping (and cancelling the rest) after `limit` bytes. */
async function readText(response: Response, limit = Number.POSITIVE_INFINITY): Promise<string> {
  return new TextDecoder().decode(await readBytes(response, limit));
}

export async function readBytes(response: Response, limit = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // Stops the download when the limit is reached; a no-op after the end.
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, limit));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
