/**
 * The small filter languages of experiment and registered-model searches
 * (`name LIKE 'wine%' AND tags.team = 'ml'`, `creation_time > 1700000000000`), compiled to SQL
 * on the host so errors point into the filter text. Clauses are joined by AND, as in MLflow.
 */
import { FilterError } from '../errors';
import { likeToGlob } from '../search/sql';
import type { SqlFilter, SqlValue } from './protocol';

export interface FilterFields {
  /** Searchable attributes: name → column and how values compare. */
  attributes: Record<string, { column: string; kind: 'string' | 'number' }>;
  /** `tags.<key>`: an EXISTS over this tag table, correlated by `match`. */
  tags?: { table: string; match: string };
}

const CLAUSE =
  /\s*(?:(?:attributes?|attr)\.)?(?:(tags?)\.(?:`([^`]+)`|"([^"]+)"|([\w.-]+))|(\w+))\s*(!=|<=|>=|=|<|>|I?LIKE\b)\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)"|(-?\d+(?:\.\d+)?))\s*/iy;

export function compileSimpleFilter(filter: string | undefined, fields: FilterFields): SqlFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const conditions: string[] = [];
  const params: Record<string, SqlValue> = {};
  const param = (value: SqlValue) => {
    const name = `:f${Object.keys(params).length}`;
    params[name] = value;
    return name;
  };
  let pos = 0;
  for (;;) {
    CLAUSE.lastIndex = pos;
    const match = CLAUSE.exec(filter);
    if (!match) {
      throw new FilterError(
        `Invalid filter at position ${pos}: expected a clause such as name LIKE 'wine%' or tags.team = 'ml'`,
        filter,
        pos,
      );
    }
    const [, tagWord, tagA, tagB, tagC, attribute, rawOp, single, double, number] = match;
    const op = rawOp.toUpperCase();
    const text = single !== undefined ? single.replace(/''/g, "'") : double?.replace(/""/g, '"');
    if (tagWord) {
      if (!fields.tags || text === undefined || /[<>]/.test(op)) {
        throw new FilterError(`Invalid filter at position ${pos}: tags compare to quoted strings with =, !=, LIKE or ILIKE`, filter, pos);
      }
      const { table, match: correlate } = fields.tags;
      const value = comparison('t.value', op, text, param);
      conditions.push(`EXISTS (SELECT 1 FROM ${table} t WHERE ${correlate} AND t.key = ${param(tagA ?? tagB ?? tagC)} AND ${value})`);
    } else {
      const spec = fields.attributes[attribute.toLowerCase()];
      if (!spec) {
        const known = Object.keys(fields.attributes).join(', ');
        throw new FilterError(`Invalid filter at position ${pos}: unknown field "${attribute}" (use ${known} or tags.<key>)`, filter, pos);
      }
      if (spec.kind === 'number' ? number === undefined || op.includes('LIKE') : text === undefined || /[<>]/.test(op)) {
        const expected = spec.kind === 'number' ? 'a number with =, !=, <, <=, >, >=' : "a quoted string with =, !=, LIKE or ILIKE";
        throw new FilterError(`Invalid filter at position ${pos}: ${attribute} compares to ${expected}`, filter, pos);
      }
      conditions.push(comparison(spec.column, op, spec.kind === 'number' ? Number(number) : (text as string), param));
    }
    pos = CLAUSE.lastIndex;
    if (pos >= filter.length) break;
    const and = /AND\b/iy;
    and.lastIndex = pos;
    if (!and.test(filter)) {
      throw new FilterError(`Invalid filter at position ${pos}: expected AND between clauses (OR is not supported)`, filter, pos);
    }
    pos = and.lastIndex;
  }
  return { where: conditions.join(' AND '), params };
}

function comparison(column: string, op: string, value: string | number, param: (value: SqlValue) => string): string {
  switch (op) {
    case 'LIKE':
      // Case-sensitive, as MLflow's LIKE on SQLite.
      return `${column} GLOB ${param(likeToGlob(String(value)))}`;
    case 'ILIKE':
      return `lower(${column}) LIKE lower(${param(value)})`;
    default:
      return `${column} ${op} ${param(value)}`;
  }
}
