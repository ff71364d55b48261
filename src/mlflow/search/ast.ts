/**
 * The parsed form of MLflow's run search syntax (filters and order_by), shared by every
 * backend that evaluates searches itself (SQLite, file store).
 */

export type SearchEntity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

export type Comparator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN'
  | 'IS NULL'
  | 'IS NOT NULL';

/** Canonical attribute names after resolving aliases (`created` → `start_time`). */
export type RunAttribute =
  | 'run_id'
  | 'run_name'
  | 'user_id'
  | 'status'
  | 'start_time'
  | 'end_time'
  | 'artifact_uri';

export interface FilterClause {
  entity: SearchEntity;
  /** For attributes, a `RunAttribute`; for datasets, `name`, `digest` or `context`. */
  key: string;
  comparator: Comparator;
  /**
   * number for metrics and numeric attributes, string, list for IN, null for IS [NOT] NULL.
   * Strings are the text between the outer quotes, verbatim: like MLflow, no unescaping
   * (`'it''s'` is the five characters `it''s`). LIKE/ILIKE patterns use `%` and `_` only.
   */
  value: number | string | string[] | null;
  /** Offset of the clause in the filter text, for error messages. */
  offset: number;
}

export interface OrderClause {
  entity: Exclude<SearchEntity, 'dataset'>;
  key: string;
  ascending: boolean;
}
