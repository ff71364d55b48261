/**
 * The compare table: one column per run, groups of rows for params, metrics and tags. "Show
 * differences only" and the filter hide rows in place (no re-render), so hundreds of params stay
 * responsive; each metric's best value is marked, its direction switchable by a click.
 */
import type { CompareSnapshot } from '../shared/protocol';
import { formatNumber, h } from '../shared/dom';
import { bestIndices, compareRows, lowerIsBetter, type CompareRow, type Group } from './model';

const TITLES: Record<Group, string> = { params: 'Parameters', metrics: 'Metrics', tags: 'Tags' };

export function renderTable(snapshot: CompareSnapshot, colors: string[], openRun: (runId: string) => void): HTMLElement {
  const columns = snapshot.runs.length + 1;
  const table = h('table', { class: 'grid compare-table' });
  const head = h('tr', {}, h('th', {}, 'Run'));
  snapshot.runs.forEach((run, i) => {
    const link = h('a', { attrs: { href: '#', 'data-run-id': run.runId }, title: run.runId, on: { click: (e) => (e.preventDefault(), openRun(run.runId)) } }, run.name);
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = colors[i];
    head.append(h('th', { class: 'run-col' }, swatch, ' ', link));
  });
  table.append(h('thead', {}, head));
  for (const group of ['params', 'metrics', 'tags'] as const) {
    const rows = compareRows(snapshot.runs, group).filter((row) => group !== 'tags' || row.key !== 'mlflow.note.content');
    const body = h('tbody', { class: `group group-${group}` }, h('tr', {}, h('th', { attrs: { colspan: String(columns) } }, `${TITLES[group]} (${rows.length})`)));
    for (const row of rows) body.append(group === 'metrics' ? metricRow(row) : textRow(row, group));
    table.append(body);
  }

  const differencesOnly = h('input', { attrs: { type: 'checkbox', id: 'differences-only' } });
  const filter = h('input', { class: 'filter', attrs: { type: 'search', placeholder: 'Filter rows…', 'aria-label': 'Filter rows' } });
  const apply = () => {
    const text = filter.value.toLowerCase();
    table.querySelectorAll<HTMLTableRowElement>('tr[data-key]').forEach((tr) => {
      tr.hidden = (differencesOnly.checked && tr.dataset.differs !== 'true') || (!!text && !tr.dataset.key!.toLowerCase().includes(text));
    });
  };
  differencesOnly.addEventListener('change', apply);
  filter.addEventListener('input', apply);
  return h('div', {}, h('div', { class: 'toolbar' }, h('label', {}, differencesOnly, 'Show differences only'), filter), h('div', { class: 'scroll compare-scroll' }, table));
}

function textRow(row: CompareRow, group: Group): HTMLTableRowElement {
  return h(
    'tr',
    { class: row.differs ? 'differs' : '', attrs: { 'data-key': `${group}.${row.key}`, 'data-differs': String(row.differs) } },
    h('th', { title: row.key }, row.key),
    ...row.values.map((value) => h('td', {}, value === undefined ? h('span', { class: 'muted' }, '—') : String(value))),
  );
}

function metricRow(row: CompareRow): HTMLTableRowElement {
  let lower = lowerIsBetter(row.key);
  const cells = row.values.map((value) => h('td', { class: 'num' }, typeof value === 'number' ? formatNumber(value) : h('span', { class: 'muted' }, '—')));
  const direction = h('button', { class: 'link-button direction', attrs: { type: 'button' } });
  const mark = () => {
    direction.textContent = lower ? '↓ lower is better' : '↑ higher is better';
    direction.title = 'Switch which direction is best';
    const best = new Set(bestIndices(row.values, lower));
    cells.forEach((cell, i) => cell.classList.toggle('best', best.has(i)));
  };
  direction.addEventListener('click', () => {
    lower = !lower;
    mark();
  });
  mark();
  return h(
    'tr',
    { class: row.differs ? 'differs' : '', attrs: { 'data-key': `metrics.${row.key}`, 'data-differs': String(row.differs) } },
    h('th', { title: row.key }, row.key, ' ', direction),
    ...cells,
  );
}
