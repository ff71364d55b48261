/**
 * A real HTTP server on 127.0.0.1 that answers with the exchanges recorded from MLflow 3.11
 * (test/fixtures/rest/*.json), records every request it receives, and lets a test put faults in
 * front of a route. Requests match a recording on method, path, query (as a multimap) and JSON
 * body (deep-equal); several recordings of the same request are served in recording order, the
 * last one repeating (so get → delete → get replays the recorded state change).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

/** The recordings, found from the bundle's folder: `out/` for unit tests, `out/vscode/` inside VS Code. */
export const REST_FIXTURES = [1, 2, 3].map((up) => path.resolve(__dirname, ...Array<string>(up).fill('..'), 'test', 'fixtures', 'rest')).find(existsSync) ?? '';

export interface RecordedExchange {
  file: string;
  request: { method: string; path: string; query: Record<string, unknown> | null; body: unknown };
  response: { status: number; headers: Record<string, string>; body_kind: string; body: unknown; saved_to?: string };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is. */
  json?: unknown;
  /** When it arrived (Date.now()). */
  at: number;
  /** The recording that answered, or the fault's name. */
  answeredBy?: string;
}

/** Answers one request in place of the recording. */
export type Fault = (request: ReceivedRequest, response: http.ServerResponse) => void;

/** MLflow's documented defaults: a recording that omits them equals a request that sends them. */
const BODY_DEFAULTS: Record<string, Record<string, unknown>> = {
  '/api/2.0/mlflow/runs/search': { max_results: 1000 },
};

export function loadExchanges(dir = REST_FIXTURES): RecordedExchange[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Omit<RecordedExchange, 'file'>) }));
}

function queryMap(query: Record<string, unknown> | null | URLSearchParams): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query ?? {});
  for (const [key, value] of entries) {
    for (const item of Array.isArray(value) ? value : [value]) map.set(key, [...(map.get(key) ?? []), String(item)]);
  }
  for (const values of map.values()) values.sort();
  return map;
}

function withDefaults(requestPath: string, body: unknown): unknown {
  const defaults = BODY_DEFAULTS[requestPath];
  return defaults && body && typeof body === 'object' ? { ...defaults, ...(body as object) } : body;
}

export class ReplayServer {
  readonly requests: ReceivedRequest[] = [];
  /** Requests no recording or fault answered (they get a 599 so the client fails loudly). */
  readonly unmatched: ReceivedRequest[] = [];
  inFlight = 0;
  peakInFlight = 0;
  private readonly served = new Map<string, number>();
  private readonly faults: Array<{ method: string; path: string; fault: Fault; times: number; name: string }> = [];
  private readonly downloads: Map<string, Buffer>;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly exchanges: RecordedExchange[],
  ) {
    const dir = path.join(REST_FIXTURES, 'downloads');
    this.downloads = new Map(
      readdirSync(dir).map((f) => {
        const bytes = readFileSync(path.join(dir, f));
        return [createHash('sha256').update(bytes).digest('hex'), bytes] as const;
      }),
    );
  }

  static async start(options: { tls?: { key: string; cert: string }; exchanges?: RecordedExchange[] } = {}): Promise<ReplayServer> {
    // The server must exist (for its port) before the ReplayServer that handles its requests.
    const holder: { replay?: ReplayServer } = {};
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void holder.replay?.handle(req, res);
    const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.replay = new ReplayServer(server, `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`, options.exchanges ?? loadExchanges());
    return holder.replay;
  }

  /** Answers the next `times` requests to `method path` with `fault` instead of the recording. */
  inject(method: string, requestPath: string, fault: Fault, times = 1, name = 'fault'): void {
    this.faults.push({ method, path: requestPath, fault, times, name });
  }

  /** Answers requests equal to `request` with the recording in `file` (an equivalent question). */
  alias(request: { method: string; path: string; query?: Record<string, unknown>; body?: unknown }, file: string): void {
    const recorded = this.exchanges.find((e) => e.file === file);
    if (!recorded) throw new Error(`no recording ${file}`);
    this.exchanges.unshift({ ...recorded, file: `${file} (alias)`, request: { query: null, body: null, ...request } });
  }

  private readonly waiters: ((request: ReceivedRequest) => void)[] = [];

  /** Resolves with the first request to `requestPath` after the first `skip` ones (already received, or the next one). */
  async next(requestPath: string, skip = 0): Promise<ReceivedRequest> {
    for (;;) {
      const seen = this.to(requestPath)[skip];
      if (seen) return seen;
      await new Promise<ReceivedRequest>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The requests to `requestPath` (any method). */
  to(requestPath: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === requestPath);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://replay');
    const body = Buffer.concat(chunks).toString('utf8');
    const received: ReceivedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, at };
    try {
      received.json = body ? JSON.parse(body) : undefined;
    } catch {
      received.json = undefined;
    }
    this.requests.push(received);
    for (const waiter of this.waiters.splice(0)) waiter(received);
    const fault = this.faults.find((f) => f.method === received.method && f.path === received.path && f.times > 0);
    if (fault) {
      fault.times--;
      received.answeredBy = fault.name;
      return fault.fault(received, res);
    }
    const exchange = this.match(received);
    if (!exchange) {
      this.unmatched.push(received);
      res.writeHead(599, { 'content-type': 'text/plain' }).end(`replay: no recording for ${received.method} ${req.url} ${body}`);
      return;
    }
    received.answeredBy = exchange.file;
    this.respond(exchange, res);
  }

  private match(received: ReceivedRequest): RecordedExchange | undefined {
    const query = queryMap(received.query);
    const candidates = this.exchanges.filter(
      (e) =>
        e.request.method === received.method &&
        e.request.path === received.path &&
        isDeepStrictEqual(queryMap(e.request.query), query) &&
        isDeepStrictEqual(withDefaults(received.path, e.request.body ?? undefined), withDefaults(received.path, received.json)),
    );
    if (candidates.length === 0) return undefined;
    const key = `${received.method} ${received.path} ${JSON.stringify([...query])} ${received.body}`;
    const count = this.served.get(key) ?? 0;
    this.served.set(key, count + 1);
    return candidates[Math.min(count, candidates.length - 1)];
  }

  private respond(exchange: RecordedExchange, res: http.ServerResponse): void {
    const { status, headers, body_kind: kind, body } = exchange.response;
    let payload: Buffer;
    if (kind === 'binary') {
      const bytes = this.downloads.get((body as { sha256: string }).sha256);
      if (!bytes) throw new Error(`${exchange.file}: its download is not in test/fixtures/rest/downloads`);
      payload = bytes;
    } else if (kind === 'text') {
      payload = Buffer.from(String(body), 'utf8');
    } else {
      payload = Buffer.from(JSON.stringify(body), 'utf8');
    }
    const out: Record<string, string> = {};
    for (const name of ['content-type', 'content-disposition', 'retry-after', 'location']) {
      if (headers[name]) out[name] = headers[name];
    }
    res.writeHead(status, { ...out, 'content-length': String(payload.length) }).end(payload);
  }
}
