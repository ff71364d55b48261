/**
 * MLflow's run order_by items (`metrics.rmse DESC`, ``params.`batch size` ``, `start_time`)
 * parsed with the same identifier rules as filters. Like MLflow, an item may name a field only
 * once across the list (after resolving aliases: `created` is `start_time`).
 */
import { FilterError } from '../errors';
import type { OrderClause } from './ast';
import { Scanner, readIdentifier, resolveIdentifier } from './tokenizer';

export function parseOrderBy(items: string[] | undefined): OrderClause[] {
  const clauses: OrderClause[] = [];
  const seen = new Map<string, string>();
  for (const item of items ?? []) {
    const clause = parseItem(item);
    const id = `${clause.entity}:${clause.key}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new FilterError(
        `Invalid order_by "${item}" at position 0: it orders by the same field as "${earlier}"; name each field once`,
        item,
        0,
      );
    }
    seen.set(id, item);
    clauses.push(clause);
  }
  return clauses;
}

function parseItem(item: string): OrderClause {
  const sc: Scanner = new Scanner(item, `order_by "${item}"`);
  sc.skipWs();
  if (sc.atEnd) sc.fail(0, undefined, 'the item is empty; write a field and an optional direction, e.g. metrics.rmse DESC');
  const id = readIdentifier(sc);
  if (!id) sc.fail(sc.pos, undefined, 'expected a field such as metrics.rmse, params.alpha, tags.`mlflow.user` or start_time');
  const { entity, key } = resolveIdentifier(sc, id, 'order_by');
  if (entity === 'dataset') throw new Error('unreachable: resolveIdentifier rejects datasets in order_by');
  sc.skipWs();
  let ascending = true;
  const direction = sc.readWord();
  if (direction) {
    if (direction.upper !== 'ASC' && direction.upper !== 'DESC') {
      sc.fail(direction.start, direction.end, `expected ASC or DESC after the field, found "${direction.text}"`);
    }
    ascending = direction.upper === 'ASC';
    sc.skipWs();
  }
  if (!sc.atEnd) {
    const what = direction ? `after ${direction.upper}` : 'after the field (only ASC or DESC may follow)';
    sc.fail(sc.pos, undefined, `unexpected text ${what}; give one field per order_by item`);
  }
  return { entity, key, ascending };
}
