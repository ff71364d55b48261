/**
 * The legacy file store on a generated 2,000-run `mlruns/` (the layout of
 * test/unit/fileStoreScale.test.ts: 4 params, 6 tags, 3 metrics of 200 points per run, 28,000
 * files) against a plain async directory walk reading the same files, and the same walk with
 * the files parsed. See bench/SERVERS.md. `node out/fileStoreBench.js [--reps N]`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { openFileStore, type FileStore } from '../src/mlflow/filestore/fileStore';
import { CONCURRENCY, mapLimit } from '../src/mlflow/filestore/files';
import type { SearchRunsRequest } from '../src/mlflow/store';
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
} from './serverBenchKit';
import { SCALE, writeScaleFileStore } from '../test/support/scaleFileStore';

const RUNS = SCALE.runs;
/** loss's last value is (i + 199) / 1000: runs 802..1999 match, 1,198 of 2,000. */
const FILTER = 'metrics.loss > 1';
const GENERATOR_VERSION = 1;

const readFile = promisify(fs.readFile);
const readdir = promisify(fs.readdir);
const stat = promisify(fs.stat);

/** The scale test's store, written once per generator version and kept in the temp folder. */
function generateStore(): string {
  const root = path.join(os.tmpdir(), `mlflow-workbench-filestore-bench-v${GENERATOR_VERSION}`);
  const done = path.join(root, 'complete');
  if (fs.existsSync(done)) return path.join(root, 'mlruns');
  fs.rmSync(root, { recursive: true, force: true });
  const mlruns = writeScaleFileStore(root);
  fs.writeFileSync(done, new Date().toISOString());
  return mlruns;
}

async function storeSearch(store: FileStore, request: Omit<SearchRunsRequest, 'pageToken'>): Promise<number> {
  let count = 0;
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ ...request, pageToken });
    count += page.items.length;
    pageToken = page.nextPageToken;
  } while (pageToken);
  return count;
}

/** A new store each time: every file read and parsed, as when the view first opens. */
async function coldSearch(mlruns: string, request: Omit<SearchRunsRequest, 'pageToken'>): Promise<number> {
  const store = await openFileStore(mlruns);
  try {
    return await storeSearch(store, request);
  } finally {
    await store.dispose();
  }
}

async function runDirs(mlruns: string): Promise<string[]> {
  const experiment = path.join(mlruns, '1');
  const entries = await readdir(experiment, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => path.join(experiment, e.name));
}

/** Every file of a key/value folder, as text. */
async function readFolder(dir: string): Promise<[string, string][]> {
  const names = await readdir(dir);
  return Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as [string, string]));
}

interface RawRun {
  meta: string;
  params: [string, string][];
  tags: [string, string][];
  metrics: [string, string][];
}

/** The plain walk: the experiment's meta.yaml, each run's meta.yaml and params/tags/metrics files, read, not parsed. */
async function walk(mlruns: string): Promise<RawRun[]> {
  await readFile(path.join(mlruns, '1', 'meta.yaml'), 'utf8');
  return mapLimit(await runDirs(mlruns), CONCURRENCY, async (dir) => {
    const [meta, params, tags, metrics] = await Promise.all([
      readFile(path.join(dir, 'meta.yaml'), 'utf8'),
      readFolder(path.join(dir, 'params')),
      readFolder(path.join(dir, 'tags')),
      readFolder(path.join(dir, 'metrics')),
    ]);
    return { meta, params, tags, metrics };
  });
}

/** The last `timestamp value step` line of a metric file, as numbers. */
function lastPoint(text: string): { timestamp: number; value: number; step: number } {
  const end = text.trimEnd();
  const [timestamp, value, step] = end.slice(end.lastIndexOf('\n') + 1).split(' ').map(Number);
  return { timestamp, value, step };
}

/** The walk with what a run needs parsed: meta.yaml by the yaml package, values trimmed, each metric's last point. */
async function walkAndParse(mlruns: string) {
  return (await walk(mlruns)).map((run) => ({
    meta: parse(run.meta) as Record<string, unknown>,
    params: run.params.map(([key, value]) => ({ key, value: value.trim() })),
    tags: run.tags.map(([key, value]) => ({ key, value })),
    metrics: run.metrics.map(([key, text]) => ({ key, ...lastPoint(text) })),
  }));
}

const lossAboveOne = (metrics: [string, string][]) => metrics.some(([key, text]) => key === 'loss' && lastPoint(text).value > 1);

/** What a refresh of an open store costs at least: the 7 stats per run of its cache signature. */
async function statWalk(mlruns: string): Promise<number> {
  const dirs = await runDirs(mlruns);
  await mapLimit(dirs, CONCURRENCY, (dir) => Promise.all(['', 'meta.yaml', 'params', 'tags', 'metrics', 'inputs', 'outputs'].map((p) => stat(path.join(dir, p)).catch(() => undefined))));
  return dirs.length;
}

async function main(): Promise<void> {
  const reps = repsFromArgs();
  const generated = Date.now();
  const mlruns = generateStore();
  const generatedMs = Date.now() - generated;
  const machineBefore = machineLine();
  const all = { experimentIds: ['1'], maxResults: 50_000 };
  const filtered = { ...all, filter: FILTER };
  const steps: StepFigures[] = [];
  steps.push(
    await runStep(`all ${RUNS.toLocaleString('en')} runs (new store: open + search)`, [
      { name: 'store', run: () => coldSearch(mlruns, all) },
      { name: 'walk', run: async () => (await walk(mlruns)).length },
      { name: 'walk+parse', run: async () => (await walkAndParse(mlruns)).length },
    ], reps),
  );
  steps.push(
    await runStep(`filter ${FILTER} (1,198 runs; new store)`, [
      { name: 'store', run: () => coldSearch(mlruns, filtered) },
      { name: 'walk', run: async () => (await walk(mlruns)).filter((r) => lossAboveOne(r.metrics)).length },
      { name: 'walk+parse', run: async () => (await walkAndParse(mlruns)).filter((r) => r.metrics.some((m) => m.key === 'loss' && m.value > 1)).length },
    ], reps),
  );
  const store = await openFileStore(mlruns);
  try {
    await storeSearch(store, all);
    steps.push(
      await runStep(`all runs again, open store (cached; 7 stats per run)`, [
        { name: 'store', run: () => storeSearch(store, all) },
        { name: 'stat walk', run: () => statWalk(mlruns) },
        { name: 'walk', run: async () => (await walk(mlruns)).length },
      ], reps),
    );
  } finally {
    await store.dispose();
  }

  console.log(`\nFile store on ${RUNS.toLocaleString('en')} runs (${(RUNS * 14).toLocaleString('en')} files${generatedMs > 1000 ? `, generated in ${(generatedMs / 1000).toFixed(1)} s` : ''}) vs a plain directory walk — ${reps} reps after 1 first call, ms`);
  console.log(`store: ${mlruns}`);
  console.log(`before: ${machineBefore}`);
  console.log(`after:  ${machineLine()}\n`);
  const rows = steps.map((s) => {
    const [measured, baseline, other] = s.variants;
    const overhead = overheadPercent(measured, baseline);
    return [
      s.step,
      spread(measured.times),
      `${spread(baseline.times)} ${baseline.name}`,
      signedPercent(overhead),
      `block ≤ ${MAX_BLOCK_MS} ms`,
      measured.blockMs <= MAX_BLOCK_MS ? 'yes' : 'NO',
      `${median(measured.cpus).toFixed(0)} / ${median(baseline.cpus).toFixed(0)} (${signedPercent(overheadPercent(measured, baseline, 'cpus'))})`,
      `${spread(other.times)} ${other.name} (${signedPercent(overheadPercent(measured, other))})`,
      `${measured.firstMs.toFixed(0)} / ${baseline.firstMs.toFixed(0)}`,
      `${block(measured)} / ${block(baseline)} / ${block(other)}`,
      s.rssAfterMb.toFixed(0),
    ];
  });
  printTable(
    [
      'step',
      'store median (min–max)',
      'baseline median (min–max)',
      'overhead',
      'target',
      'ok',
      'CPU ms store / baseline (overhead)',
      'third column (store vs it)',
      'first call store / baseline',
      'max block ms store / baseline / third',
      'RSS after MB',
    ],
    rows,
  );
  console.log(`\npeak RSS: ${peakRssMb().toFixed(0)} MB (bench process; the store, the walks and Node share it)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
