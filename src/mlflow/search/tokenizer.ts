/**
 * The lexical layer shared by the filter and order_by parsers: a cursor over the text, MLflow's
 * identifier forms (`prefix.key` with bare, backticked or double-quoted keys) and positioned
 * errors. MLflow itself tokenizes with sqlparse; the accepted forms below mirror what sqlparse
 * lets through to MLflow's validation, and everything else fails with a message that says where.
 */
import { FilterError } from '../errors';
import type { RunAttribute, SearchEntity } from './ast';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const KEY_PART = /[\p{L}\p{N}_]+/uy;
const SNIPPET_MAX = 40;

export interface Word {
  text: string;
  upper: string;
  start: number;
  end: number;
}

export class Scanner {
  pos = 0;

  /** `label` names the text in messages: `filter`, or `order_by "metrics.rmse up"`. */
  constructor(
    readonly text: string,
    private readonly label: string,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  skipWs(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  /** The bare word at the cursor, without consuming it. */
  peekWord(): Word | undefined {
    WORD.lastIndex = this.pos;
    const m = WORD.exec(this.text);
    if (!m) return undefined;
    return { text: m[0], upper: m[0].toUpperCase(), start: this.pos, end: this.pos + m[0].length };
  }

  readWord(): Word | undefined {
    const word = this.peekWord();
    if (word) this.pos = word.end;
    return word;
  }

  /**
   * A quoted run starting at the cursor. Like sqlparse, a doubled quote or a backslash-escaped
   * one does not end the string, and the text between the outer quotes is kept verbatim (MLflow
   * strips only the outer quotes, so `'it''s'` means the five characters `it''s`). Backticks
   * have no escapes.
   */
  readQuoted(): { value: string; start: number; end: number } {
    const start = this.pos;
    const quote = this.text[start];
    const close = (escapes: boolean): number => {
      for (let i = start + 1; i < this.text.length; i++) {
        const c = this.text[i];
        if (escapes && c === '\\' && this.text[i + 1] === quote) i++;
        else if (c === quote && escapes && this.text[i + 1] === quote) i++;
        else if (c === quote) return i;
      }
      return -1;
    };
    // sqlparse's regex backtracks: a trailing backslash before the closing quote is literal.
    let end = quote === '`' ? close(false) : close(true);
    if (end < 0 && quote !== '`') end = close(false);
    if (end < 0) {
      const what = quote === '`' ? 'backtick' : 'quote';
      this.fail(start, this.text.length, `this ${what} is never closed; add the closing ${quote}`);
    }
    this.pos = end + 1;
    return { value: this.text.slice(start + 1, end), start, end: end + 1 };
  }

  fail(offset: number, end: number | undefined, message: string): never {
    throw new FilterError(`Invalid ${this.label} at position ${offset} (${this.snippet(offset, end)}): ${message}`, this.text, offset);
  }

  private snippet(offset: number, end: number | undefined): string {
    if (offset >= this.text.length) return 'at the end';
    let stop = end;
    if (stop === undefined) {
      const space = this.text.slice(offset).search(/\s/);
      stop = space < 0 ? this.text.length : offset + space;
    }
    stop = Math.max(stop, offset + 1);
    let text = this.text.slice(offset, stop).trim();
    if (text.length > SNIPPET_MAX) text = `${text.slice(0, SNIPPET_MAX - 1)}…`;
    return JSON.stringify(text);
  }
}

/** `metrics.rmse`, ``tags.`mlflow.user` ``, `status`: the prefix (if any) and the key. */
export interface RawIdentifier {
  prefix?: Word;
  key: string;
  keyStart: number;
  start: number;
  end: number;
}

/** Reads an identifier at the cursor, or returns undefined when none starts there. */
export function readIdentifier(sc: Scanner): RawIdentifier | undefined {
  const start = sc.pos;
  const c = sc.peek();
  if (c === '`' || c === '"') {
    const quoted = sc.readQuoted();
    if (sc.peek() === '.' && c === '`') return readKey(sc, { text: quoted.value, upper: quoted.value.toUpperCase(), start, end: quoted.end });
    return { key: quoted.value, keyStart: start, start, end: quoted.end };
  }
  const word = sc.readWord();
  if (!word) return undefined;
  if (sc.peek() === '.') return readKey(sc, word);
  checkKeyEnd(sc, start, undefined);
  return { key: word.text, keyStart: start, start, end: word.end };
}

/** Everything after the first dot is the key: one quoted run, or dotted bare parts. */
function readKey(sc: Scanner, prefix: Word): RawIdentifier {
  sc.pos++;
  const keyStart = sc.pos;
  if (sc.peek() === '`' || sc.peek() === '"') {
    const quoted = sc.readQuoted();
    if (sc.peek() === '.' || /[\p{L}\p{N}_`"]/u.test(sc.peek())) {
      sc.fail(keyStart, undefined, 'quote the whole key, e.g. tags.`mlflow.user`, not a part of it');
    }
    return { prefix, key: quoted.value, keyStart, start: prefix.start, end: quoted.end };
  }
  const parts: string[] = [];
  for (;;) {
    KEY_PART.lastIndex = sc.pos;
    const m = KEY_PART.exec(sc.text);
    if (!m) {
      const what = parts.length === 0 ? `a key after "${prefix.text}."` : `more of the key after "${parts.join('.')}."`;
      sc.fail(sc.pos, undefined, `expected ${what}; keys with spaces or other characters go in backticks, e.g. ${prefix.text}.\`my key\``);
    }
    parts.push(m[0]);
    sc.pos += m[0].length;
    if (sc.peek() !== '.') break;
    sc.pos++;
  }
  checkKeyEnd(sc, keyStart, prefix.text);
  return { prefix, key: parts.join('.'), keyStart, start: prefix.start, end: sc.pos };
}

/** `metrics.val-loss > 1` would otherwise fail later with a confusing message. */
function checkKeyEnd(sc: Scanner, keyStart: number, prefix: string | undefined): void {
  const stray = /[^\s<>=!~(),'"]/;
  if (!stray.test(sc.peek())) return;
  let stop = sc.pos;
  while (stop < sc.text.length && stray.test(sc.text[stop])) stop++;
  const example = `${prefix ? `${prefix}.` : ''}\`${sc.text.slice(keyStart, stop)}\``;
  sc.fail(keyStart, stop, `"${sc.peek()}" cannot appear in an unquoted key; put the key in backticks: ${example}`);
}

// Maps, not object literals: `constructor.x` or `toString` must not find Object.prototype.
const ENTITIES = new Map<string, SearchEntity>(
  Object.entries({
    metric: 'metric',
    metrics: 'metric',
    param: 'param',
    params: 'param',
    parameter: 'param',
    parameters: 'param',
    tag: 'tag',
    tags: 'tag',
    attribute: 'attribute',
    attributes: 'attribute',
    attr: 'attribute',
    run: 'attribute',
    dataset: 'dataset',
    datasets: 'dataset',
  }) as [string, SearchEntity][],
);

const ATTRIBUTES = new Map<string, RunAttribute>(
  Object.entries({
    run_id: 'run_id',
    run_name: 'run_name',
    user_id: 'user_id',
    status: 'status',
    start_time: 'start_time',
    end_time: 'end_time',
    artifact_uri: 'artifact_uri',
    created: 'start_time',
    Created: 'start_time',
  }) as [string, RunAttribute][],
);

/** MLflow accepts these spellings of run_name in filters only, not in order_by. */
const FILTER_ONLY_ATTRIBUTES = new Map<string, RunAttribute>([
  ['run name', 'run_name'],
  ['Run name', 'run_name'],
  ['Run Name', 'run_name'],
]);

export const DATASET_KEYS = ['name', 'digest', 'context'];
const ALLOWED_ATTRIBUTES = 'run_id, run_name, user_id, status, start_time (or created), end_time, artifact_uri';

/** Maps a raw identifier to MLflow's entity and canonical key, failing like MLflow would. */
export function resolveIdentifier(sc: Scanner, id: RawIdentifier, use: 'filter' | 'order_by'): { entity: SearchEntity; key: string } {
  let entity: SearchEntity = 'attribute';
  if (id.prefix) {
    const found = ENTITIES.get(id.prefix.text);
    if (!found) {
      const hint = ENTITIES.has(id.prefix.text.toLowerCase()) ? ` (prefixes are lowercase: "${id.prefix.text.toLowerCase()}.")` : '';
      sc.fail(id.start, id.end, `unknown prefix "${id.prefix.text}"${hint}; use metrics., params., tags., attributes. or datasets.`);
    }
    entity = found;
  }
  if (entity === 'attribute') {
    const key = ATTRIBUTES.get(id.key) ?? (use === 'filter' ? FILTER_ONLY_ATTRIBUTES.get(id.key) : undefined);
    if (!key) sc.fail(id.keyStart, id.end, unknownAttribute(id.key, use, Boolean(id.prefix)));
    return { entity, key };
  }
  if (entity === 'dataset') {
    if (use === 'order_by') sc.fail(id.start, id.end, 'runs cannot be ordered by dataset fields; order by a metric, param, tag or attribute');
    if (!DATASET_KEYS.includes(id.key)) sc.fail(id.keyStart, id.end, `unknown dataset field "${id.key}"; use datasets.name, datasets.digest or datasets.context`);
  }
  if (id.key === '') sc.fail(id.keyStart, id.end, 'the key is empty');
  return { entity, key: id.key };
}

function unknownAttribute(key: string, use: 'filter' | 'order_by', prefixed: boolean): string {
  const why = new Map([
    ['experiment_id', ' (the experiments to search are chosen outside the filter)'],
    ['lifecycle_stage', ' (deleted runs are chosen by the view: active, deleted or all)'],
    ['run_uuid', ' (use run_id)'],
    ['name', ' (use run_name)'],
  ]);
  const kind = use === 'filter' ? 'a searchable' : 'an orderable';
  const hint = prefixed ? '' : `; for a metric, param or tag write metrics.${key}, params.${key} or tags.${key}`;
  return `"${key}" is not ${kind} attribute${why.get(key) ?? ''}. Use one of ${ALLOWED_ATTRIBUTES}${hint}`;
}

export function isNumericAttribute(key: string): boolean {
  return key === 'start_time' || key === 'end_time';
}
