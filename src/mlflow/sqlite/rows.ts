/** Turning SQLite values into entity fields, and binding parameters. */
import type { Tag } from '../entities';
import type { SqlValue } from './protocol';

type Cell = unknown;
export type Row = Record<string, Cell>;

export function str(value: Cell): string {
  return value == null ? '' : String(value);
}

export function optStr(value: Cell): string | undefined {
  return value == null ? undefined : String(value);
}

export function num(value: Cell): number {
  return typeof value === 'bigint' ? Number(value) : Number(value ?? 0);
}

export function optNum(value: Cell): number | undefined {
  return value == null ? undefined : num(value);
}

/** MLflow keeps NaN metric values as 0 with `is_nan` set. */
export function metricValue(value: Cell, isNan: Cell): number {
  return num(isNan) === 1 ? Number.NaN : num(value);
}

/** node-sqlite3-wasm binds by the full parameter name, prefix included. */
export function bind(params: Record<string, SqlValue>): Record<string, SqlValue> {
  const bound: Record<string, SqlValue> = {};
  for (const [name, value] of Object.entries(params)) {
    bound[/^[:@$]/.test(name) ? name : `:${name}`] = value;
  }
  return bound;
}

/** A JSON array bound as one parameter and read back with `json_each`: any number of ids. */
export function idList(ids: readonly (string | number)[]): string {
  return JSON.stringify(ids);
}

export const IN_IDS = (param: string) => `(SELECT value FROM json_each(${param}))`;

/** Groups `rows` by a column or a computed key, mapping each row; keeps the order of the rows. */
export function groupBy<T>(rows: readonly Row[], key: string | ((row: Row) => string), map: (row: Row) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = typeof key === 'string' ? str(row[key]) : key(row);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = []));
    group.push(map(row));
  }
  return groups;
}

export const toTag = (row: Row): Tag => ({ key: str(row.key), value: str(row.value) });

/** Experiment ids are integers in SQLite; anything else matches nothing. */
export function experimentIdNumbers(ids: readonly string[]): number[] {
  return ids.filter((id) => /^\d+$/.test(id)).map(Number);
}
