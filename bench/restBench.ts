/**
 * The REST backend against raw `fetch` + `JSON.parse` of the same bytes: listing 10,000 runs
 * (following `next_page_token`) and reading a 200,000-point history (pages of 25,000), from a
 * local server in another process that serves pre-built answers from memory (restBenchServer.ts).
 * See bench/SERVERS.md. `node out/restBench.js [--reps N]`.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { openRestStore, type RestStore } from '../src/mlflow/rest/restStore';
import { toMetric, toRun, type Json } from '../src/mlflow/rest/protoJson';
import {
  block,
  machineLine,
  MAX_BLOCK_MS,
  median,
  overheadPercent,
  peakRssMb,
  printTable,
  repsFromArgs,
  runStep,
  signedPercent,
  spread,
  type StepFigures,
  type Variant,
} from './serverBenchKit';

const RUNS = 10_000;
const POINTS = 200_000;
/** The client's default page of runs (restStore's DEFAULT_RUNS_PAGE) and MLflow's ceiling. */
const RUN_PAGE_SIZES = [1_000, 50_000];
/** history.ts's HISTORY_PAGE_SIZE: what MLflow's Python client asks for. */
const HISTORY_PAGE = 25_000;
const HISTORY_RUN_ID = 'f'.repeat(32);
const OVERHEAD_TARGET_PERCENT = 10;
const API = '/api/2.0/mlflow';

interface Ready {
  port: number;
  bytes: { runPages: Record<string, number>; history: number };
}

interface Usage {
  maxRssMb: number;
  requests: number;
  builtOnDemand: number;
}

function startServer() {
  const child = fork(path.join(__dirname, 'restBenchServer.js'), [
    '--runs', String(RUNS), '--points', String(POINTS), '--run-pages', RUN_PAGE_SIZES.join(','), '--history-page', String(HISTORY_PAGE),
  ]);
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      child.once('message', (m) => resolve(m as T));
      child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
    });
  return { child, ready: next<Ready>(), usage: () => { const u = next<Usage>(); child.send('usage'); return u; } };
}

/** What the client adds is everything between these and its entities. */
async function rawJson(url: string, init?: RequestInit): Promise<Json> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return JSON.parse(await response.text()) as Json;
}

const nextToken = (page: Json) => (typeof page.next_page_token === 'string' && page.next_page_token ? page.next_page_token : undefined);

/**
 * Every variant keeps what it read until the listing ends (the pages' items, parsed or mapped),
 * as the client's caller does: objects that survive a page cost the GC more than ones dropped.
 */
async function rawRuns(base: string, pageSize: number, map: boolean): Promise<number> {
  const kept: unknown[][] = [];
  let count = 0;
  let token: string | undefined;
  do {
    const body: Json = { experiment_ids: ['1'], max_results: pageSize };
    if (token) body.page_token = token;
    const page = await rawJson(`${base}${API}/runs/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const runs = (page.runs as Json[] | undefined) ?? [];
    kept.push(map ? runs.map(toRun) : runs);
    count += runs.length;
    token = nextToken(page);
  } while (token);
  return count;
}

async function rawHistory(base: string, map: boolean): Promise<number> {
  const kept: unknown[][] = [];
  let count = 0;
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ run_id: HISTORY_RUN_ID, metric_key: 'loss', max_results: String(HISTORY_PAGE) });
    if (token) query.set('page_token', token);
    const page = await rawJson(`${base}${API}/metrics/get-history?${query}`);
    const metrics = (page.metrics as Json[] | undefined) ?? [];
    kept.push(map ? metrics.map(toMetric) : metrics);
    count += metrics.length;
    token = nextToken(page);
  } while (token);
  return count;
}

async function clientRuns(store: RestStore, pageSize: number): Promise<number> {
  const kept: unknown[][] = [];
  let count = 0;
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ experimentIds: ['1'], maxResults: pageSize, pageToken });
    kept.push(page.items);
    count += page.items.length;
    pageToken = page.nextPageToken;
  } while (pageToken);
  return count;
}

async function main(): Promise<void> {
  const reps = repsFromArgs();
  const machineBefore = machineLine();
  const server = startServer();
  const { port, bytes } = await server.ready;
  const base = `http://127.0.0.1:${port}`;
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const store = await openRestStore({ baseUrl: base });
  const steps: StepFigures[] = [];
  if (process.argv.includes('--profile-client')) {
    // Only the client's calls, for `node --cpu-prof out/restBench.js --profile-client`.
    for (let r = 0; r < reps; r++) {
      await clientRuns(store, RUN_PAGE_SIZES[0]);
      await store.getMetricHistory({ runId: HISTORY_RUN_ID, metricKey: 'loss' });
    }
    await store.dispose();
    server.child.send('exit');
    return;
  }
  try {
    for (const size of RUN_PAGE_SIZES) {
      const pages = Math.ceil(RUNS / size);
      const label = `list ${RUNS.toLocaleString('en')} runs, max_results ${size.toLocaleString('en')} (${pages} page${pages > 1 ? 's' : ''}, ${(bytes.runPages[size] / 2 ** 20).toFixed(1)} MB)`;
      steps.push(
        await runStep(label, [
          { name: 'client', run: () => clientRuns(store, size) },
          { name: 'raw', run: () => rawRuns(base, size, false) },
          { name: 'raw+map', run: () => rawRuns(base, size, true) },
        ] satisfies Variant[], reps),
      );
    }
    const label = `history of ${POINTS.toLocaleString('en')} points (${POINTS / HISTORY_PAGE} pages of ${HISTORY_PAGE.toLocaleString('en')}, ${(bytes.history / 2 ** 20).toFixed(1)} MB)`;
    steps.push(
      await runStep(label, [
        { name: 'client', run: async () => (await store.getMetricHistory({ runId: HISTORY_RUN_ID, metricKey: 'loss' })).length },
        { name: 'raw', run: () => rawHistory(base, false) },
        { name: 'raw+map', run: () => rawHistory(base, true) },
      ] satisfies Variant[], reps),
    );
  } finally {
    await store.dispose();
  }
  const usage = await server.usage();
  server.child.send('exit');

  console.log(`\nREST backend vs raw fetch + JSON.parse — ${reps} reps after 1 first call, ms`);
  console.log(`before: ${machineBefore}`);
  console.log(`after:  ${machineLine()}\n`);
  const rows = steps.map((s) => {
    const [client, raw, mapped] = s.variants;
    const overhead = overheadPercent(client, raw);
    const cpuOverhead = overheadPercent(client, raw, 'cpus');
    return [
      s.step,
      spread(client.times),
      spread(raw.times),
      signedPercent(overhead),
      `≤ ${OVERHEAD_TARGET_PERCENT}%`,
      overhead <= OVERHEAD_TARGET_PERCENT ? 'yes' : 'NO',
      `${median(client.cpus).toFixed(0)} / ${median(raw.cpus).toFixed(0)} (${signedPercent(cpuOverhead)}) ${cpuOverhead <= OVERHEAD_TARGET_PERCENT ? 'ok' : 'NO'}`,
      `${spread(mapped.times)} (${signedPercent(overheadPercent(mapped, raw))})`,
      `${median(mapped.cpus).toFixed(0)} (${signedPercent(overheadPercent(mapped, raw, 'cpus'))})`,
      `${client.firstMs.toFixed(0)} / ${raw.firstMs.toFixed(0)}`,
      `${block(client)} / ${block(raw)} / ${block(mapped)}`,
      client.blockMs <= MAX_BLOCK_MS ? 'yes' : 'NO',
      s.rssAfterMb.toFixed(0),
    ];
  });
  printTable(
    [
      'step',
      'client median (min–max)',
      'raw fetch+JSON.parse median (min–max)',
      'overhead',
      'target',
      'ok',
      'CPU ms client / raw (overhead)',
      'raw + protoJson map (vs raw)',
      'its CPU ms (vs raw)',
      'first call client / raw',
      `max block ms client / raw / raw+map (≤ ${MAX_BLOCK_MS})`,
      'ok',
      'RSS after MB',
    ],
    rows,
  );
  console.log(
    `\npeak RSS: bench process ${peakRssMb().toFixed(0)} MB (Node + store before the steps ${rssBeforeMb.toFixed(0)} MB); server process ${usage.maxRssMb.toFixed(0)} MB, ${usage.requests} requests${usage.builtOnDemand ? `, ${usage.builtOnDemand} page sets built on demand (!)` : ''}`,
  );
  const total = steps.reduce((n, s) => n + median(s.variants[0].times), 0);
  console.log(`sum of client medians: ${total.toFixed(0)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
