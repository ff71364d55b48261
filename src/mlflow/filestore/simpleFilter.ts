/**
 * The small filter languages of experiment and registered-model searches
 * (`name LIKE 'wine%' AND tags.team = 'ml'`, `creation_time > 1700000000000`), evaluated on
 * records in memory. Same syntax and errors as the SQLite store's compilation of them.
 */
import type { Tag } from '../entities';
import { FilterError } from '../errors';
import { likeMatcher } from '../search/evaluate';

export interface Filterable {
  attributes: Record<string, string | number | undefined>;
  tags: Tag[];
}

type Predicate = (record: Filterable) => boolean;

const CLAUSE =
  /\s*(?:(?:attributes?|attr)\.)?(?:(tags?)\.(?:`([^`]+)`|"([^"]+)"|([\w.-]+))|(\w+))\s*(!=|<=|>=|=|<|>|I?LIKE\b)\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)"|(-?\d+(?:\.\d+)?))\s*/iy;
const AND = /AND\b/iy;

/** `kinds` names the searchable attributes and how they compare. */
export function parseSimpleFilter(filter: string | undefined, kinds: Record<string, 'string' | 'number'>): Predicate {
  if (filter === undefined || filter.trim() === '') return () => true;
  const predicates: Predicate[] = [];
  let pos = 0;
  for (;;) {
    CLAUSE.lastIndex = pos;
    const match = CLAUSE.exec(filter);
    if (!match) throw new FilterError(`Invalid filter at position ${pos}: expected a clause such as name LIKE 'wine%' or tags.team = 'ml'`, filter, pos);
    const [, tagWord, tagA, tagB, tagC, attribute, rawOp, single, double, number] = match;
    const op = rawOp.toUpperCase();
    const text = single !== undefined ? single.replace(/''/g, "'") : double?.replace(/""/g, '"');
    if (tagWord) {
      if (text === undefined || /[<>]/.test(op)) {
        throw new FilterError(`Invalid filter at position ${pos}: tags compare to quoted strings with =, !=, LIKE or ILIKE`, filter, pos);
      }
      const key = tagA ?? tagB ?? tagC;
      const test = comparison(op, text);
      predicates.push((record) => record.tags.some((tag) => tag.key === key && test(tag.value)));
    } else {
      const name = attribute.toLowerCase();
      const kind = kinds[name];
      if (!kind) {
        throw new FilterError(`Invalid filter at position ${pos}: unknown field "${attribute}" (use ${Object.keys(kinds).join(', ')} or tags.<key>)`, filter, pos);
      }
      if (kind === 'number' ? number === undefined || op.includes('LIKE') : text === undefined || /[<>]/.test(op)) {
        const expected = kind === 'number' ? 'a number with =, !=, <, <=, >, >=' : 'a quoted string with =, !=, LIKE or ILIKE';
        throw new FilterError(`Invalid filter at position ${pos}: ${attribute} compares to ${expected}`, filter, pos);
      }
      const test = comparison(op, kind === 'number' ? Number(number) : (text as string));
      predicates.push((record) => {
        const value = record.attributes[name];
        return value !== undefined && test(value);
      });
    }
    pos = CLAUSE.lastIndex;
    if (pos >= filter.length) break;
    AND.lastIndex = pos;
    if (!AND.test(filter)) throw new FilterError(`Invalid filter at position ${pos}: expected AND between clauses (OR is not supported)`, filter, pos);
    pos = AND.lastIndex;
  }
  return (record) => predicates.every((p) => p(record));
}

function comparison(op: string, expected: string | number): (value: string | number) => boolean {
  if (op === 'LIKE' || op === 'ILIKE') {
    const like = likeMatcher(String(expected), { ignoreCase: op === 'ILIKE', semantics: 'file' });
    return (value) => like(String(value));
  }
  switch (op) {
    case '=':
      return (value) => value === expected;
    case '!=':
      return (value) => value !== expected;
    case '<':
      return (value) => value < expected;
    case '<=':
      return (value) => value <= expected;
    case '>':
      return (value) => value > expected;
    default:
      return (value) => value >= expected;
  }
}
