/**
 * The model registry. Since MLflow 3.13 rows carry a `workspace`; names are unique per
 * workspace, so rows are matched on (workspace, name) where the column exists.
 */
import type { ModelVersion, ModelVersionStatus, RegisteredModel } from '../../entities';
import type { Database } from 'node-sqlite3-wasm';
import type { SqlFilter } from '../protocol';
import { bind, groupBy, idList, IN_IDS, num, optNum, optStr, str, type Row } from '../rows';
import type { KnownTable, Schema } from '../schema';

/** Versions MLflow keeps after deletion, hidden from every listing. */
const DELETED = "'Deleted_Internal'";

function workspace(schema: Schema, table: KnownTable, alias: string): string {
  return schema.hasColumn(table, 'workspace') ? `${alias}.workspace` : "''";
}

const modelKey = (row: Row) => `${str(row.workspace)}\u0000${str(row.name)}`;

export function searchRegisteredModels(db: Database, schema: Schema, filter?: SqlFilter): RegisteredModel[] {
  if (!schema.registry) return [];
  const where = filter?.where ? `WHERE ${filter.where}` : '';
  const models = db.all(
    `SELECT ${workspace(schema, 'registered_models', 'registered_models')} AS workspace, name, creation_time, last_updated_time, description
     FROM registered_models ${where} ORDER BY name ASC`,
    bind(filter?.params ?? {}),
  );
  if (models.length === 0) return [];
  const names = { ':names': idList([...new Set(models.map((row) => str(row.name)))]) };
  const latest = db.all(
    `SELECT ${versionColumns(schema, 'mv')} FROM model_versions mv
     WHERE mv.name IN ${IN_IDS(':names')} AND COALESCE(mv.current_stage, 'None') != ${DELETED}
       AND mv.version = (SELECT MAX(o.version) FROM model_versions o
                         WHERE o.name = mv.name AND ${workspace(schema, 'model_versions', 'o')} = ${workspace(schema, 'model_versions', 'mv')}
                           AND COALESCE(o.current_stage, 'None') = COALESCE(mv.current_stage, 'None'))
     ORDER BY mv.version ASC`,
    names,
  );
  const byModel = new Map<string, ModelVersion[]>();
  for (const { key, version } of toVersions(db, schema, latest, names)) {
    byModel.set(key, [...(byModel.get(key) ?? []), version]);
  }
  const aliases = schema.has('registered_model_aliases')
    ? groupBy(
        db.all(
          `SELECT ${workspace(schema, 'registered_model_aliases', 'a')} AS workspace, a.name, a.alias, a.version
           FROM registered_model_aliases a WHERE a.name IN ${IN_IDS(':names')} ORDER BY a.alias`,
          names,
        ),
        modelKey,
        (row) => ({ alias: str(row.alias), version: str(row.version) }),
      )
    : new Map();
  const tags = schema.has('registered_model_tags')
    ? groupBy(
        db.all(
          `SELECT ${workspace(schema, 'registered_model_tags', 't')} AS workspace, t.name, t.key, t.value
           FROM registered_model_tags t WHERE t.name IN ${IN_IDS(':names')}`,
          names,
        ),
        modelKey,
        (row) => ({ key: str(row.key), value: str(row.value) }),
      )
    : new Map();
  return models.map((row) => ({
    name: str(row.name),
    creationTimestamp: optNum(row.creation_time),
    lastUpdatedTimestamp: optNum(row.last_updated_time),
    description: optStr(row.description),
    aliases: aliases.get(modelKey(row)) ?? [],
    tags: tags.get(modelKey(row)) ?? [],
    latestVersions: byModel.get(modelKey(row)) ?? [],
  }));
}

/** All live versions of one model, newest first. */
export function searchModelVersions(db: Database, schema: Schema, modelName: string): ModelVersion[] {
  if (!schema.registry) return [];
  const rows = db.all(
    `SELECT ${versionColumns(schema, 'mv')} FROM model_versions mv
     WHERE mv.name = :name AND COALESCE(mv.current_stage, 'None') != ${DELETED} ORDER BY mv.version DESC`,
    { ':name': modelName },
  );
  return toVersions(db, schema, rows, { ':names': idList([modelName]) }).map(({ version }) => version);
}

function versionColumns(schema: Schema, alias: string): string {
  const optional = (column: string) => (schema.hasColumn('model_versions', column) ? `${alias}.${column}` : 'NULL') + ` AS ${column}`;
  return [
    `${workspace(schema, 'model_versions', alias)} AS workspace`,
    `${alias}.name AS name`,
    `${alias}.version AS version`,
    ...['creation_time', 'last_updated_time', 'description', 'user_id', 'current_stage', 'source', 'run_id', 'status', 'status_message'].map(optional),
  ].join(', ');
}

/** Versions with their aliases and tags, each with the key of its model. */
function toVersions(
  db: Database,
  schema: Schema,
  rows: Row[],
  names: Record<string, string>,
): { key: string; version: ModelVersion }[] {
  const versionKey = (row: Row) => `${modelKey(row)}\u0000${num(row.version)}`;
  const aliases = schema.has('registered_model_aliases')
    ? groupBy(
        db.all(
          `SELECT ${workspace(schema, 'registered_model_aliases', 'a')} AS workspace, a.name, a.version, a.alias
           FROM registered_model_aliases a WHERE a.name IN ${IN_IDS(':names')} ORDER BY a.alias`,
          names,
        ),
        versionKey,
        (row) => str(row.alias),
      )
    : new Map<string, string[]>();
  const tags = schema.has('model_version_tags')
    ? groupBy(
        db.all(
          `SELECT ${workspace(schema, 'model_version_tags', 't')} AS workspace, t.name, t.version, t.key, t.value
           FROM model_version_tags t WHERE t.name IN ${IN_IDS(':names')}`,
          names,
        ),
        versionKey,
        (row) => ({ key: str(row.key), value: str(row.value) }),
      )
    : new Map<string, { key: string; value: string }[]>();
  return rows.map((row) => {
    const source = optStr(row.source);
    const version: ModelVersion = {
      name: str(row.name),
      version: String(num(row.version)),
      creationTimestamp: optNum(row.creation_time),
      lastUpdatedTimestamp: optNum(row.last_updated_time),
      description: optStr(row.description),
      userId: optStr(row.user_id),
      currentStage: optStr(row.current_stage),
      source,
      runId: optStr(row.run_id),
      status: optStr(row.status) as ModelVersionStatus | undefined,
      statusMessage: optStr(row.status_message),
      aliases: aliases.get(versionKey(row)) ?? [],
      tags: tags.get(versionKey(row)) ?? [],
      // MLflow 3 registers logged models: the source is then `models:/m-...`.
      modelId: source?.match(/^models:\/(m-[0-9a-f]+)$/)?.[1],
    };
    return { key: modelKey(row), version };
  });
}
