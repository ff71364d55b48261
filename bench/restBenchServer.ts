/**
 * The tracking server of restBench.ts, forked into a process of its own so its work never
 * shares the measured thread. Every answer is built once, before it reports ready, and served
 * as bytes from memory: 10,000 runs in protobuf-JSON pages at each page size the bench asks
 * for (as `mlflow server` pages them: `next_page_token` is base64 of `{"offset": n}`), and a
 * 200,000-point history in pages of 25,000. Shapes follow test/fixtures/rest/041 and 087.
 *
 * argv: --runs N --points N --run-pages 1000,50000 --history-page 25000
 * Messages: sends {port, bytes} when listening; answers 'usage' with {maxRssMb, requests}.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const RUNS = Number(arg('runs', '10000'));
const POINTS = Number(arg('points', '200000'));
const RUN_PAGES = arg('run-pages', '1000,50000').split(',').map(Number);
const HISTORY_PAGE = Number(arg('history-page', '25000'));
const HISTORY_RUN_ID = 'f'.repeat(32);
const START = 1_795_383_753_536;
const GOLDEN = 0.6180339887498949;

const frac = (x: number) => x - Math.floor(x);
const runId = (i: number) => i.toString(16).padStart(32, '0');
const token = (offset: number) => Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
const offsetOf = (pageToken: string | null | undefined) => {
  if (!pageToken) return 0;
  const offset = (JSON.parse(Buffer.from(pageToken, 'base64').toString('utf8')) as { offset?: number }).offset;
  return typeof offset === 'number' ? offset : 0;
};

const METRICS = ['accuracy', 'f1', 'loss', 'mae', 'precision', 'r2', 'recall', 'rmse', 'val_accuracy', 'val_loss'];
const STATUSES = ['FINISHED', 'FINISHED', 'FINISHED', 'FINISHED', 'FINISHED', 'FINISHED', 'FINISHED', 'FINISHED', 'FAILED', 'KILLED'];

/** Run `i` (0 = oldest) as runs/search answers it: info, 10 latest metrics, 20 params, 3 tags. */
function runJson(i: number): unknown {
  const id = runId(i);
  const start = START + i * 60_000;
  const name = `run-${i}`;
  return {
    info: {
      run_uuid: id,
      experiment_id: '1',
      run_name: name,
      user_id: 'ml',
      status: STATUSES[i % STATUSES.length],
      start_time: start,
      end_time: start + 4_675,
      artifact_uri: `mlflow-artifacts:/1/${id}/artifacts`,
      lifecycle_stage: 'active',
      run_id: id,
    },
    data: {
      metrics: METRICS.map((key, k) => ({ key, value: frac((i * 10 + k + 1) * GOLDEN), timestamp: start + 288, step: 4 })),
      params: Array.from({ length: 20 }, (_, k) => ({ key: `param_${String(k).padStart(2, '0')}`, value: String(frac((i * 20 + k) * GOLDEN).toFixed(4)) })),
      tags: [
        { key: 'mlflow.user', value: 'ml' },
        { key: 'mlflow.source.name', value: '/home/ml/wine-demo/train.py' },
        { key: 'mlflow.runName', value: name },
      ],
    },
    inputs: {},
  };
}

/** Newest first, as the server orders a search without order_by. */
const runs = Array.from({ length: RUNS }, (_, k) => runJson(RUNS - 1 - k));

function runPages(size: number): Buffer[] {
  const pages: Buffer[] = [];
  for (let offset = 0; offset < RUNS; offset += size) {
    const next = offset + size < RUNS ? { next_page_token: token(offset + size) } : {};
    pages.push(Buffer.from(JSON.stringify({ runs: runs.slice(offset, offset + size), ...next })));
  }
  return pages;
}

const runPagesBySize = new Map<number, Buffer[]>(RUN_PAGES.map((size) => [size, runPages(size)]));

const historyPages: Buffer[] = [];
for (let offset = 0; offset < POINTS; offset += HISTORY_PAGE) {
  const metrics = [];
  for (let step = offset; step < Math.min(POINTS, offset + HISTORY_PAGE); step++) {
    metrics.push({ key: 'loss', value: 2.35 * Math.exp(-step / 50_000) + 0.05 * frac(step * GOLDEN), timestamp: START + step * 321, step });
  }
  const next = offset + HISTORY_PAGE < POINTS ? { next_page_token: token(offset + HISTORY_PAGE) } : {};
  historyPages.push(Buffer.from(JSON.stringify({ metrics, ...next })));
}

let requests = 0;
let builtOnDemand = 0;

function send(response: http.ServerResponse, status: number, body: Buffer | string, type = 'application/json'): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  response.writeHead(status, { 'content-type': type, 'content-length': bytes.length });
  response.end(bytes);
}

function pageAt(pages: Buffer[], size: number, offset: number): Buffer | undefined {
  return offset % size === 0 ? pages[offset / size] : undefined;
}

const server = http.createServer((request, response) => {
  requests++;
  const url = new URL(request.url ?? '/', 'http://localhost');
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    switch (url.pathname) {
      case '/health':
        return send(response, 200, 'OK', 'text/plain');
      case '/version':
        return send(response, 200, '3.11.0', 'text/plain');
      case '/api/3.0/mlflow/server-info':
        return send(response, 200, '{"store_type": "SqlStore", "workspaces_enabled": false}');
      case '/api/2.0/mlflow/runs/search': {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { max_results?: number; page_token?: string };
        const size = body.max_results ?? 1000;
        let pages = runPagesBySize.get(size);
        if (!pages) {
          // Not pre-built: still correct, but the bench should ask for the sizes it announced.
          builtOnDemand++;
          pages = runPages(size);
          runPagesBySize.set(size, pages);
        }
        const page = pageAt(pages, size, offsetOf(body.page_token));
        return page ? send(response, 200, page) : send(response, 400, '{"error_code": "INVALID_PARAMETER_VALUE", "message": "bad page token"}');
      }
      case '/api/2.0/mlflow/metrics/get-history': {
        const size = Number(url.searchParams.get('max_results'));
        const page = url.searchParams.get('run_id') === HISTORY_RUN_ID && size === HISTORY_PAGE ? pageAt(historyPages, size, offsetOf(url.searchParams.get('page_token'))) : undefined;
        return page ? send(response, 200, page) : send(response, 400, '{"error_code": "INVALID_PARAMETER_VALUE", "message": "not pre-built"}');
      }
      default:
        return send(response, 404, '<!doctype html><title>404 Not Found</title>', 'text/html');
    }
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const bytes = {
    runPages: Object.fromEntries([...runPagesBySize].map(([size, pages]) => [size, pages.reduce((n, p) => n + p.length, 0)])),
    history: historyPages.reduce((n, p) => n + p.length, 0),
  };
  process.send?.({ port: (server.address() as AddressInfo).port, bytes });
});

process.on('message', (message) => {
  if (message === 'usage') process.send?.({ maxRssMb: process.resourceUsage().maxRSS / 1024, requests, builtOnDemand });
  if (message === 'exit') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
