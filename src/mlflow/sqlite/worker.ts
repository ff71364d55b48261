/**
 * The SQLite worker: owns the read-only connection and answers one request at a time, so the
 * extension host never waits on SQLite. Bundled to `sqliteWorker.js` beside
 * `node-sqlite3-wasm.wasm`.
 */
// The default import is the module object itself, which node-sqlite3-wasm's VFS also calls into.
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { Database } from 'node-sqlite3-wasm';
import { isStoreError } from '../errors';
import { ConsistentReader } from './consistency';
import type { OpArgs, OpName, OpResult, WireError, WorkerRequest, WorkerResponse } from './protocol';
import { lockDownFs } from './readonlyFs';
import { detectSchema, type Schema } from './schema';
import { getExperiment, searchExperiments } from './queries/experiments';
import { searchLoggedModels } from './queries/models';
import { searchModelVersions, searchRegisteredModels } from './queries/registry';
import { readMetricHistory } from './queries/history';
import { getArtifactLocation, getRun, searchRuns } from './queries/runs';

lockDownFs(fs);

function connect(dbPath: string): Database {
  const db = new Database(dbPath, { readOnly: true });
  // Sorts and temporary indexes stay in memory: no temp files anywhere.
  db.exec('PRAGMA temp_store = MEMORY');
  // MLflow's SqlAlchemyStore sets this on every session: LIKE is case-sensitive, ILIKE is not.
  db.exec('PRAGMA case_sensitive_like = ON');
  db.exec('PRAGMA query_only = ON');
  return db;
}

let reader: ConsistentReader<Database> | undefined;
/** The schema as detected on one connection (a replaced file gets a new one) at one version. */
let schema: { value: Schema; version: number; db: Database } | undefined;

/**
 * Runs `fn` in one consistent read, re-detecting the schema if a migration changed it. The
 * schema is kept only from a read that proved consistent.
 */
async function read<T>(fn: (db: Database, schema: Schema) => T, options?: { checkComplete?: boolean }): Promise<T> {
  const active = reader;
  if (!active) throw new Error('the store is not open');
  const { value, detected } = await active.read((db) => {
    const version = Number(db.get('PRAGMA schema_version')?.schema_version ?? 0);
    const current = schema?.db === db && schema.version === version ? schema : { value: detectSchema(db, active.dbPath), version, db };
    return { value: fn(db, current.value), detected: current };
  }, options);
  schema = detected;
  return value;
}

type Handlers = { [K in OpName]: (args: OpArgs<K>) => Promise<OpResult<K>> };

const handlers: Handlers = {
  open({ dbPath }) {
    reader?.close();
    schema = undefined;
    reader = new ConsistentReader(dbPath, connect);
    // Opening also proves the file whole: a truncated copy fails here, not on some later page.
    return read((_db, s) => s.summary(), { checkComplete: true });
  },
  searchExperiments: (args) => read((db, s) => searchExperiments(db, s, args)),
  getExperiment: ({ experimentId }) => read((db, s) => getExperiment(db, s, experimentId)),
  searchRuns: (args) => read((db, s) => searchRuns(db, s, args)),
  getRun: ({ runId }) => read((db, s) => getRun(db, s, runId)),
  getMetricHistory: (args) => readMetricHistory(read, args),
  getArtifactLocation: ({ runId }) => read((db) => getArtifactLocation(db, runId)),
  searchLoggedModels: ({ experimentIds }) => read((db, s) => searchLoggedModels(db, s, experimentIds)),
  searchRegisteredModels: ({ filter }) => read((db, s) => searchRegisteredModels(db, s, filter)),
  searchModelVersions: ({ modelName }) => read((db, s) => searchModelVersions(db, s, modelName)),
  stats: async () => ({ ...(reader?.stats ?? { reads: 0, retries: 0 }) }),
  crashForTesting: () => {
    setImmediate(() => {
      throw new Error('crash requested');
    });
    return new Promise<never>(() => undefined);
  },
};

function toWire(error: unknown): WireError {
  if (isStoreError(error)) return { code: error.code, message: error.message, detail: error.detail };
  const message = String((error as Error | undefined)?.message ?? error);
  return { code: 'INTERNAL', message: `The SQLite reader failed: ${message}`, detail: (error as Error | undefined)?.stack };
}

async function handle(request: WorkerRequest): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let response: WorkerResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const handler = handlers[request.op] as (args: unknown) => Promise<unknown>;
    const result = await handler(request.args);
    if (request.op === 'getMetricHistory') {
      const columns = result as OpResult<'getMetricHistory'>;
      transfer.push(columns.steps.buffer as ArrayBuffer, columns.timestamps.buffer as ArrayBuffer, columns.values.buffer as ArrayBuffer);
    }
    response = { id: request.id, op: request.op, ok: true, result } as WorkerResponse;
  } catch (error) {
    response = { id: request.id, op: request.op, ok: false, error: toWire(error) };
  }
  port.postMessage(response, transfer);
}

// One request at a time: a request is a transaction on the one connection.
let queue = Promise.resolve();
parentPort?.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => handle(request));
});
