/**
 * MLflow's run filter syntax (`metrics.rmse < 0.8 AND params.alpha = '0.1'`) parsed into
 * clauses, with MLflow's own validation rules. Errors are FilterErrors that point at the spot.
 */
import { FilterError } from '../errors';
import type { Comparator, FilterClause, SearchEntity } from './ast';
import { Scanner, isNumericAttribute, readIdentifier, resolveIdentifier } from './tokenizer';

type Value =
  | { kind: 'number'; value: number; raw: string; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'list'; value: string[]; start: number; end: number }
  | { kind: 'word'; value: string; start: number; end: number }
  | { kind: 'none'; start: number; end: number };

const OPERATORS = /[<>=!~]+/y;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?![A-Za-z0-9_.])/y;
const SYMBOLIC: Comparator[] = ['=', '!=', '<', '<=', '>', '>='];
const ALL_COMPARATORS = '=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL';

export function parseRunFilter(text: string | undefined): FilterClause[] {
  if (text === undefined || text === '') return [];
  if (text.trim() === '') {
    const message = 'Invalid filter at position 0 (only whitespace): leave the filter empty to match every run, or write clauses such as metrics.rmse < 0.8';
    throw new FilterError(message, text, 0);
  }
  const sc: Scanner = new Scanner(text, 'filter');
  const clauses: FilterClause[] = [];
  let afterClause = false;
  for (;;) {
    sc.skipWs();
    if (sc.atEnd) return clauses;
    const word = sc.peekWord();
    // MLflow accepts stray ANDs (leading, trailing, doubled), so only their absence is an error.
    if (word?.upper === 'AND') {
      sc.pos = word.end;
      afterClause = false;
      continue;
    }
    if (afterClause) {
      if (word?.upper === 'OR') sc.fail(word.start, word.end, 'OR is not supported; MLflow filters combine clauses with AND only');
      if (sc.peek() === ')') sc.fail(sc.pos, sc.pos + 1, 'parentheses are not supported; write clauses joined by AND');
      sc.fail(sc.pos, undefined, 'expected AND before the next clause; MLflow filters combine clauses with AND only');
    }
    clauses.push(parseClause(sc));
    afterClause = true;
  }
}

function parseClause(sc: Scanner): FilterClause {
  const word = sc.peekWord();
  if (word?.upper === 'OR') sc.fail(word.start, word.end, 'OR is not supported; MLflow filters combine clauses with AND only');
  if (word?.upper === 'NOT' && sc.text[word.end] !== '.') {
    sc.fail(word.start, word.end, 'NOT is not supported in front of a clause; use !=, NOT IN or IS NULL');
  }
  if (sc.peek() === '(') sc.fail(sc.pos, sc.pos + 1, 'parentheses are not supported; write clauses joined by AND');
  const id = readIdentifier(sc);
  if (!id) {
    sc.fail(sc.pos, undefined, 'expected a field such as metrics.rmse, params.alpha, tags.`mlflow.user` or attributes.status');
  }
  const { entity, key } = resolveIdentifier(sc, id, 'filter');
  sc.skipWs();
  const op = readComparator(sc, sc.text.slice(id.start, id.end));
  sc.skipWs();
  const wrongOp = comparatorError(entity, key, op.comparator);
  let value: Value = { kind: 'none', start: op.end, end: op.end };
  if (op.comparator !== 'IS NULL' && op.comparator !== 'IS NOT NULL') {
    try {
      value = readValue(sc, op.comparator);
    } catch (error) {
      // A wrong operator explains more than what its (unreadable) operand got wrong.
      if (wrongOp) sc.fail(op.start, op.end, wrongOp);
      throw error;
    }
  }
  if (wrongOp) sc.fail(op.start, value.end, wrongOp);
  return { entity, key, comparator: op.comparator, value: checkValue(sc, entity, key, op.comparator, value), offset: id.start };
}

interface Operator {
  comparator: Comparator;
  start: number;
  end: number;
}

function readComparator(sc: Scanner, field: string): Operator {
  const start = sc.pos;
  OPERATORS.lastIndex = start;
  const symbol = OPERATORS.exec(sc.text)?.[0];
  if (symbol) {
    sc.pos += symbol.length;
    if ((SYMBOLIC as string[]).includes(symbol)) return { comparator: symbol as Comparator, start, end: sc.pos };
    const fix = symbol === '==' ? 'use = (there is no ==)' : symbol === '<>' ? 'use != (there is no <>)' : `expected one of ${ALL_COMPARATORS}`;
    sc.fail(start, sc.pos, `unknown operator "${symbol}"; ${fix}`);
  }
  const word = sc.readWord();
  const next = (): string | undefined => {
    sc.skipWs();
    return sc.readWord()?.upper;
  };
  switch (word?.upper) {
    case 'LIKE':
    case 'ILIKE':
    case 'IN':
      return { comparator: word.upper, start, end: sc.pos };
    case 'NOT': {
      const second = next();
      if (second === 'IN') return { comparator: 'NOT IN', start, end: sc.pos };
      const hint = second === 'LIKE' || second === 'ILIKE' ? `NOT ${second} is not supported` : 'NOT is only allowed as NOT IN';
      return sc.fail(start, sc.pos, `${hint}; expected one of ${ALL_COMPARATORS}`);
    }
    case 'IS': {
      const second = next();
      if (second === 'NULL') return { comparator: 'IS NULL', start, end: sc.pos };
      if (second === 'NOT' && next() === 'NULL') return { comparator: 'IS NOT NULL', start, end: sc.pos };
      return sc.fail(start, sc.pos, 'expected IS NULL or IS NOT NULL');
    }
    case 'BETWEEN':
      return sc.fail(start, sc.pos, `BETWEEN is not supported; write two clauses, e.g. ${field} >= 1 AND ${field} <= 2`);
  }
  const found = sc.atEnd && !word ? 'nothing follows it' : `found ${word ? `"${word.text}"` : `"${sc.peek()}"`}`;
  sc.fail(start, word?.end, `expected a comparison after ${field} (one of ${ALL_COMPARATORS}), but ${found}`);
}

function readValue(sc: Scanner, comparator: Comparator): Value {
  const start = sc.pos;
  const c = sc.peek();
  if (c === "'" || c === '"') return { kind: 'string', ...sc.readQuoted() };
  if (c === '(') return readList(sc);
  NUMBER.lastIndex = start;
  const number = NUMBER.exec(sc.text)?.[0];
  if (number) {
    sc.pos += number.length;
    return { kind: 'number', value: Number(number), raw: number, start, end: sc.pos };
  }
  if (/[-.\d]/.test(c)) {
    const token = /[^\s()',"]*/y;
    token.lastIndex = start;
    sc.fail(start, start + (token.exec(sc.text)?.[0].length ?? 1), 'this is not a number; write numbers like 3, -0.5 or 1e-4');
  }
  const word = sc.readWord();
  if (word) return { kind: 'word', value: word.text, start, end: word.end };
  const found = sc.atEnd ? 'the filter ends here' : `found "${c}"`;
  sc.fail(start, undefined, `expected a value after ${comparator} (a number, a quoted string or a list in parentheses), but ${found}`);
}

function readList(sc: Scanner): Value {
  const start = sc.pos;
  sc.pos++;
  const items: string[] = [];
  for (;;) {
    sc.skipWs();
    if (sc.peek() === ')' && items.length === 0) sc.fail(start, sc.pos + 1, "the list is empty; give at least one quoted value, e.g. ('a', 'b')");
    if (sc.peek() !== "'" && sc.peek() !== '"') {
      const what = sc.atEnd ? 'the list is never closed; add )' : "list items must be quoted strings, e.g. ('a', 'b')";
      sc.fail(sc.pos, undefined, what);
    }
    items.push(sc.readQuoted().value);
    sc.skipWs();
    if (sc.peek() === ')') {
      sc.pos++;
      return { kind: 'list', value: items, start, end: sc.pos };
    }
    if (sc.peek() !== ',') sc.fail(sc.pos, undefined, sc.atEnd ? 'the list is never closed; add )' : 'expected , or ) in the list');
    sc.pos++;
  }
}

const PLURAL: Record<SearchEntity, string> = { metric: 'metrics', param: 'params', tag: 'tags', attribute: 'attributes', dataset: 'datasets' };

function numeric(entity: SearchEntity, key: string): string | undefined {
  if (entity === 'metric') return 'metrics compare as numbers';
  if (entity === 'attribute' && isNumericAttribute(key)) return `${key} is a number (milliseconds since the epoch)`;
  return undefined;
}

function stringy(entity: SearchEntity, key: string): string {
  return entity === 'attribute' ? `${key} compares as a string` : `${PLURAL[entity]} compare as strings`;
}

/** MLflow's per-entity operator rules; undefined when the operator is allowed. */
function comparatorError(entity: SearchEntity, key: string, comparator: Comparator): string | undefined {
  const number = numeric(entity, key);
  if (number) return (SYMBOLIC as string[]).includes(comparator) ? undefined : `${number}; use =, !=, <, <=, >, >= with an unquoted number`;
  const keyed = entity === 'param' || entity === 'tag';
  switch (comparator) {
    case '=':
    case '!=':
    case 'LIKE':
    case 'ILIKE':
      return undefined;
    case 'IS NULL':
    case 'IS NOT NULL':
      return keyed ? undefined : `${comparator} works only for params and tags`;
    case 'IN':
    case 'NOT IN':
      if (entity === 'dataset' || (entity === 'attribute' && key === 'run_id')) return undefined;
      return `${comparator} works only for attributes.run_id and datasets.*; use = or LIKE, or one clause per value`;
    default: {
      const extra = keyed ? ' (IS NULL and IS NOT NULL test whether the key is set)' : '';
      return `${stringy(entity, key)}; use =, !=, LIKE or ILIKE with a quoted value${extra}`;
    }
  }
}

/** Checks the operand against what the (already allowed) operator takes, and returns it. */
function checkValue(sc: Scanner, entity: SearchEntity, key: string, comparator: Comparator, value: Value): FilterClause['value'] {
  function failValue(message: string): never {
    return sc.fail(value.start, value.end, message);
  }
  const number = numeric(entity, key);
  if (number) {
    if (value.kind === 'number') return value.value;
    if (value.kind === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value.value)) {
      failValue(`${number}; remove the quotes: ${value.value.trim()}`);
    }
    return failValue(`${number}; expected an unquoted number such as 0.5 or -1e-3`);
  }
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') return null;
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (value.kind !== 'list') return failValue(`${comparator} takes a list in parentheses, e.g. ${comparator} ('a', 'b')`);
    return value.value;
  }
  if (value.kind === 'string') return value.value;
  if (value.kind === 'list') return failValue(`${comparator} takes a single quoted value; use IN for a list`);
  if (value.kind === 'word' && value.value.toUpperCase() === 'NULL') {
    return failValue(entity === 'param' || entity === 'tag' ? 'to find runs without the key use IS NULL' : 'NULL is not a value here');
  }
  const raw = value.kind === 'number' ? value.raw : value.kind === 'word' ? value.value : '';
  return failValue(`${stringy(entity, key)}; quote the value: '${raw}'`);
}
