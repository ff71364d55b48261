/**
 * Which MLflow tables and columns this store has. Stores made by older MLflow versions lack
 * whole features (logged models, datasets, the registry) or columns (`workspace`); queries ask
 * here and degrade instead of failing.
 */
import type { Database } from 'node-sqlite3-wasm';
import { StoreError } from '../errors';
import { notAStore } from './messages';
import type { SchemaSummary } from './protocol';

const KNOWN_TABLES = [
  'alembic_version',
  'experiments',
  'experiment_tags',
  'runs',
  'params',
  'tags',
  'metrics',
  'latest_metrics',
  'inputs',
  'input_tags',
  'datasets',
  'logged_models',
  'logged_model_params',
  'logged_model_tags',
  'logged_model_metrics',
  'registered_models',
  'registered_model_tags',
  'registered_model_aliases',
  'model_versions',
  'model_version_tags',
] as const;

export type KnownTable = (typeof KNOWN_TABLES)[number];

export class Schema {
  constructor(
    private readonly columns: ReadonlyMap<string, ReadonlySet<string>>,
    readonly alembicVersion: string | undefined,
    /** An index on metrics (run_uuid, key, step) (MLflow 3.x): step ranges of a history are cheap. */
    readonly metricStepIndex = false,
  ) {}

  has(table: KnownTable): boolean {
    return this.columns.has(table);
  }

  hasColumn(table: KnownTable, column: string): boolean {
    return this.columns.get(table)?.has(column) ?? false;
  }

  /** `table.column` when the column exists, else `NULL`, so a select list works on old schemas. */
  column(table: KnownTable, column: string, alias = column): string {
    return this.hasColumn(table, column) ? `${table}.${column} AS ${alias}` : `NULL AS ${alias}`;
  }

  get registry(): boolean {
    return this.has('registered_models') && this.has('model_versions');
  }

  get loggedModels(): boolean {
    return this.has('logged_models');
  }

  get datasets(): boolean {
    return this.has('inputs') && this.has('datasets');
  }

  summary(): SchemaSummary {
    return {
      alembicVersion: this.alembicVersion,
      tables: [...this.columns.keys()].sort(),
      registry: this.registry,
      loggedModels: this.loggedModels,
      datasets: this.datasets,
    };
  }
}

export function detectSchema(db: Database, dbPath: string): Schema {
  const tables = new Set(
    db.all("SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => String(row.name)),
  );
  if (!tables.has('experiments') || !tables.has('runs')) {
    throw notAStore(
      dbPath,
      tables.size === 0 ? 'the database has no tables' : 'it is a SQLite database without MLflow tables (experiments, runs)',
    );
  }
  const columns = new Map<string, Set<string>>();
  for (const table of KNOWN_TABLES) {
    if (!tables.has(table)) continue;
    const info = db.all(`PRAGMA table_info("${table}")`);
    columns.set(table, new Set(info.map((row) => String(row.name))));
  }
  let alembicVersion: string | undefined;
  if (tables.has('alembic_version')) {
    const row = db.get('SELECT version_num FROM alembic_version LIMIT 1');
    alembicVersion = row?.version_num == null ? undefined : String(row.version_num);
  }
  return new Schema(columns, alembicVersion, tables.has('metrics') && hasIndexOn(db, 'metrics', ['run_uuid', 'key', 'step']));
}

function hasIndexOn(db: Database, table: string, leading: string[]): boolean {
  return db.all(`PRAGMA index_list("${table}")`).some((index) => {
    const columns = db.all(`PRAGMA index_info("${String(index.name)}")`).map((column) => String(column.name));
    return leading.every((name, i) => columns[i] === name);
  });
}

/** A filter on something this (older) store does not have, e.g. datasets before MLflow 2.4. */
export function missingFeature(error: unknown, schema: Schema): unknown {
  const message = String((error as Error | undefined)?.message ?? error);
  const match = /no such (table|column): (\S+)/.exec(message);
  if (!match) return error;
  const version = schema.alembicVersion ? `schema ${schema.alembicVersion}` : 'an older schema';
  return new StoreError(
    'INVALID_FILTER',
    `This store (${version}) has no ${match[1]} ${match[2]}, so the filter or ordering cannot use it.`,
    message,
  );
}
