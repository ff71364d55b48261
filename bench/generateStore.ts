/**
 * Builds the synthetic store in MLflow's real schema (MLflow 3.11's `schema.sql`), with the
 * Debian `sqlite3` shell fed one script of set-based inserts over `generate_series`: about
 * 1.1 M rows in seconds. Everything is derived from the row number (Weyl sequences instead of
 * random()), so every build holds the same data and the filter keeps the same runs.
 *
 * Usage: node out/generateStore.js [resultsDir]  — prints one JSON line: {dbPath, reused, ...}.
 * The store is cached in `<resultsDir>/store-v<version>/` and reused while the script is unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXPERIMENT, GENERATOR_VERSION, LONG_METRIC, LONG_RUN_NAMES, SHAPE } from './benchSpec';

const PARAM_KEYS = [
  'alpha', 'l1_ratio', 'learning_rate', 'batch_size', 'epochs', 'optimizer', 'dropout', 'weight_decay',
  'momentum', 'seed', 'model_family', 'n_layers', 'hidden_size', 'activation', 'max_depth', 'n_estimators',
  'subsample', 'warmup_steps', 'scheduler', 'dataset_version',
];
const METRIC_KEYS = ['rmse', 'mae', 'r2', 'accuracy', 'f1', 'precision', 'recall', 'loss', 'val_loss', 'learning_rate'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'ml'];
const ADJECTIVES = ['bold', 'calm', 'eager', 'gentle', 'keen', 'lucky', 'merry', 'quiet', 'rare', 'sly', 'tidy', 'wise'];
const NOUNS = ['lark', 'otter', 'heron', 'fox', 'moth', 'newt', 'crane', 'wren', 'hare', 'carp', 'yak'];
const SCRIPTS = ['/home/ml/bench/train.py', '/home/ml/bench/sweep.py', '/home/ml/bench/notebooks/explore.ipynb'];

/** Epoch ms of the first synthetic run; runs start ~90 s apart after it. */
const BASE_TIME = 1_794_000_000_000;
const ARTIFACT_ROOT = '/home/ml/bench/mlruns';

const json = (values: readonly string[]) => `'${JSON.stringify(values)}'`;
/** An equidistributed value in [0, 1) from an integer expression (a Weyl sequence, one per multiplier). */
const u = (expr: string, multiplier: number) => `((((${expr}) + 1) * ${multiplier}) % 4294967296) / 4294967296.0`;
const uuid = (i: string) =>
  `printf('%08x%08x%08x%08x', (${i} * 2654435761 + 1) % 4294967296, (${i} * 2246822519 + 7) % 4294967296, ` +
  `(${i} * 3266489917 + 13) % 4294967296, (${i} * 668265263 + 17) % 4294967296)`;

/** The script after the schema: every row of the synthetic store. */
export function dataScript(): string {
  const n = SHAPE.runs;
  const lastStep = SHAPE.stepsPerMetric - 1;
  // Final (latest) metric values; earlier steps are worse by 5% per step.
  const finalValue = `CASE mk.k
      WHEN 0 THEN 0.3 + ${u('r.i', 2654435761)}
      WHEN 1 THEN 0.78 * (0.3 + ${u('r.i', 2654435761)})
      WHEN 2 THEN 1.0 - 0.5 * (0.3 + ${u('r.i', 2654435761)})
      WHEN 3 THEN 0.5 + 0.5 * ${u('r.i', 2246822519)}
      WHEN 4 THEN 0.48 + 0.5 * ${u('r.i', 2246822519)}
      WHEN 5 THEN 0.49 + 0.5 * ${u('r.i', 2246822519)}
      WHEN 6 THEN 0.47 + 0.5 * ${u('r.i', 2246822519)}
      WHEN 7 THEN 0.05 + 2.0 * ${u('r.i', 3266489917)}
      WHEN 8 THEN 1.1 * (0.05 + 2.0 * ${u('r.i', 3266489917)})
      ELSE 0.001 * (1 + r.i % 10) END`;
  const paramValue = `CASE pk.k
      WHEN 0 THEN printf('%g', 0.01 * (1 + r.i % 20))
      WHEN 1 THEN printf('%g', 0.1 * (r.i % 10))
      WHEN 2 THEN printf('%g', 0.0001 * (1 + r.i % 50))
      WHEN 3 THEN CAST(16 << (r.i % 5) AS TEXT)
      WHEN 4 THEN CAST(10 + r.i % 91 AS TEXT)
      WHEN 5 THEN json_extract('["adam","sgd","rmsprop","adamw","lion"]', '$[' || (r.i % 5) || ']')
      WHEN 6 THEN printf('%g', 0.05 * (r.i % 11))
      WHEN 7 THEN printf('%g', 0.00001 * (r.i % 7))
      WHEN 8 THEN printf('%g', 0.9 + 0.01 * (r.i % 10))
      WHEN 9 THEN CAST(r.i * 7919 % 100000 AS TEXT)
      WHEN 10 THEN json_extract('["mlp","cnn","gbm","linear","transformer"]', '$[' || (r.i % 5) || ']')
      WHEN 11 THEN CAST(1 + r.i % 12 AS TEXT)
      WHEN 12 THEN CAST(64 << (r.i % 4) AS TEXT)
      WHEN 13 THEN json_extract('["relu","gelu","tanh","silu"]', '$[' || (r.i % 4) || ']')
      WHEN 14 THEN CAST(2 + r.i % 14 AS TEXT)
      WHEN 15 THEN CAST(50 * (1 + r.i % 20) AS TEXT)
      WHEN 16 THEN printf('%g', 0.5 + 0.05 * (r.i % 11))
      WHEN 17 THEN CAST(100 * (r.i % 10) AS TEXT)
      WHEN 18 THEN json_extract('["cosine","linear","step","none"]', '$[' || (r.i % 4) || ']')
      ELSE 'v' || (1 + r.i % 3) || '.' || (r.i % 7) END`;

  return `
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
BEGIN;
INSERT INTO alembic_version VALUES ('7d34483879f0');
INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES
  (0, 'Default', '${ARTIFACT_ROOT}/0', 'active', ${BASE_TIME - 86_400_000}, ${BASE_TIME - 86_400_000}),
  (${EXPERIMENT.manyRuns}, 'bench-10k-runs', '${ARTIFACT_ROOT}/${EXPERIMENT.manyRuns}', 'active', ${BASE_TIME - 3_600_000}, ${BASE_TIME - 3_600_000}),
  (${EXPERIMENT.longHistories}, 'bench-long-histories', '${ARTIFACT_ROOT}/${EXPERIMENT.longHistories}', 'active', ${BASE_TIME - 3_600_000}, ${BASE_TIME - 3_600_000});
INSERT INTO experiment_tags VALUES ('mlflow.note.content', 'Synthetic store of bench/generateStore.ts', ${EXPERIMENT.manyRuns});

CREATE TEMP TABLE pk (k INTEGER PRIMARY KEY, key TEXT);
INSERT INTO pk SELECT key, value FROM json_each(${json(PARAM_KEYS)});
CREATE TEMP TABLE mk (k INTEGER PRIMARY KEY, key TEXT);
INSERT INTO mk SELECT key, value FROM json_each(${json(METRIC_KEYS)});

-- i < ${n}: the many-runs experiment; i = ${n}, ${n + 1}: the long histories.
CREATE TEMP TABLE r AS
  SELECT i, ${uuid('i')} AS run_uuid,
    CASE WHEN i < ${n} THEN
      json_extract(${json(ADJECTIVES)}, '$[' || (i % ${ADJECTIVES.length}) || ']') || '-' ||
      json_extract(${json(NOUNS)}, '$[' || (i * 7 % ${NOUNS.length}) || ']') || '-' || (i % 1000)
    ELSE json_extract(${json(LONG_RUN_NAMES)}, '$[' || (i - ${n}) || ']') END AS name,
    json_extract(${json(USERS)}, '$[' || (i * 3 % ${USERS.length}) || ']') AS user_id,
    json_extract(${json(SCRIPTS)}, '$[' || (i % ${SCRIPTS.length}) || ']') AS source_name,
    CASE WHEN i < ${n} THEN ${BASE_TIME} + i * 90000 + i * 7919 % 30000
         ELSE ${BASE_TIME} + ${n} * 90000 + (i - ${n}) * 86400000 END AS start_time,
    CASE WHEN i < ${n} THEN 20000 + CAST(600000 * ${u('i', 668265263)} AS INTEGER)
         ELSE ${SHAPE.longRunSteps} * 50 + 1000 END AS duration,
    CASE WHEN i BETWEEN ${n - 10} AND ${n - 1} THEN 'RUNNING'
         WHEN i >= ${n} THEN 'FINISHED'
         WHEN i % 100 < 8 THEN 'FAILED'
         WHEN i % 100 < 11 THEN 'KILLED'
         ELSE 'FINISHED' END AS status,
    CASE WHEN i < ${n} AND i % 100 = 37 THEN 'deleted' ELSE 'active' END AS lifecycle_stage,
    CASE WHEN i < ${n} THEN ${EXPERIMENT.manyRuns} ELSE ${EXPERIMENT.longHistories} END AS experiment_id
  FROM (SELECT value AS i FROM generate_series(0, ${n + SHAPE.longRuns - 1}));

INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time,
                  end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time)
  SELECT run_uuid, name, 'UNKNOWN', '', '', user_id, status, start_time,
    CASE WHEN status = 'RUNNING' THEN NULL ELSE start_time + duration END, '', lifecycle_stage,
    '${ARTIFACT_ROOT}/' || experiment_id || '/' || run_uuid || '/artifacts', experiment_id,
    CASE WHEN lifecycle_stage = 'deleted' THEN start_time + duration + 86400000 END
  FROM r ORDER BY i;

-- As MLflow logs them: run by run, tags at the start, then params, then metrics.
INSERT INTO tags (key, value, run_uuid)
  SELECT t.key, CASE t.key WHEN 'mlflow.runName' THEN r.name WHEN 'mlflow.user' THEN r.user_id ELSE r.source_name END, r.run_uuid
  FROM r, (SELECT key AS o, value AS key FROM json_each('["mlflow.user","mlflow.source.name","mlflow.runName"]')) t
  ORDER BY r.i, t.o;

INSERT INTO params (key, value, run_uuid)
  SELECT pk.key, ${paramValue}, r.run_uuid FROM r, pk ORDER BY r.i, pk.k;

INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
  SELECT mk.key, (${finalValue}) * (1 + 0.05 * (${lastStep} - s.value)),
    r.start_time + (s.value + 1) * (r.duration / ${SHAPE.stepsPerMetric}), r.run_uuid, s.value, 0
  FROM (SELECT * FROM r WHERE i < ${n}) r CROSS JOIN generate_series(0, ${lastStep}) s CROSS JOIN mk
  ORDER BY r.i, s.value, mk.k;

INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
  SELECT '${LONG_METRIC}', 0.05 + 2.4 * exp(-s.value / 30000.0) + 0.04 * ${u('s.value', 2654435761)} * (1 + r.i - ${n}),
    r.start_time + 50 * s.value, r.run_uuid, s.value, 0
  FROM (SELECT * FROM r WHERE i >= ${n}) r CROSS JOIN generate_series(0, ${SHAPE.longRunSteps - 1}) s
  ORDER BY r.i, s.value;

-- latest_metrics as MLflow maintains it: per run and key, the point of the highest step
-- (SQLite takes the bare columns from the row of max()).
INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid)
  SELECT key, value, timestamp, max(step), is_nan, run_uuid FROM metrics GROUP BY run_uuid, key ORDER BY rowid;
COMMIT;
PRAGMA journal_mode = DELETE;
`;
}

export interface GeneratedStore {
  dbPath: string;
  reused: boolean;
  generateMs?: number;
  bytes: number;
  version: number;
  scriptSha256: string;
  longRunIds: string[];
  counts: Record<string, number>;
}

function sqlite3(args: string[], input?: string): string {
  const result = spawnSync('sqlite3', args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`cannot run sqlite3 (${result.error.message}); install it: apt-get install -y sqlite3`);
  }
  if (result.status !== 0 || result.stderr.trim()) {
    throw new Error(`sqlite3 ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return result.stdout;
}

/** MLflow 3.11's schema, as dumped from the fixture store the tests use. */
export function schemaPath(repoRoot: string): string {
  return path.join(repoRoot, 'test/fixtures/sqlite-store/schema.sql');
}

export function ensureStore(repoRoot: string, resultsDir: string): GeneratedStore {
  const script = `${readFileSync(schemaPath(repoRoot), 'utf8')}\n${dataScript()}`;
  const scriptSha256 = createHash('sha256').update(script).digest('hex');
  const dir = path.join(resultsDir, `store-v${GENERATOR_VERSION}`);
  const dbPath = path.join(dir, 'mlflow.db');
  const metaPath = path.join(dir, 'store.json');
  if (existsSync(dbPath) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as GeneratedStore;
    if (meta.scriptSha256 === scriptSha256 && meta.bytes === statSync(dbPath).size) {
      return { ...meta, dbPath, reused: true, generateMs: undefined };
    }
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${dbPath}.tmp`;
  rmSync(tmp, { force: true });
  writeFileSync(path.join(dir, 'generate.sql'), script);
  const started = performance.now();
  sqlite3([tmp], script);
  const generateMs = Math.round(performance.now() - started);
  renameSync(tmp, dbPath);

  const query = (sql: string) => sqlite3(['-readonly', dbPath, sql]).trim();
  const counts: Record<string, number> = {};
  for (const table of ['runs', 'params', 'tags', 'metrics', 'latest_metrics']) {
    counts[table] = Number(query(`SELECT count(*) FROM ${table};`));
  }
  const longRunIds = LONG_RUN_NAMES.map((name) => query(`SELECT run_uuid FROM runs WHERE name = '${name}';`));
  const meta: GeneratedStore = {
    dbPath,
    reused: false,
    generateMs,
    bytes: statSync(dbPath).size,
    version: GENERATOR_VERSION,
    scriptSha256,
    longRunIds,
    counts,
  };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return meta;
}

if (require.main === module) {
  const repoRoot = path.resolve(__dirname, '..');
  const resultsDir = process.argv[2] ?? path.join(repoRoot, 'bench/results');
  console.log(JSON.stringify(ensureStore(repoRoot, resultsDir)));
}
