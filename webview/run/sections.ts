/** The Run panel's sections, built from a snapshot as DOM (never HTML strings). */
import type { KeyValue, RunRef, RunSnapshot, RunToHost } from '../shared/protocol';
import { button, formatDuration, formatNumber, formatTime, h, keyValueTable, section } from '../shared/dom';
import { renderMarkdown } from '../shared/markdown';
import { runColor, themeColors } from '../shared/theme';
import type { ArtifactsView } from './artifacts';
import { renderModel } from './model';
import { sparkline } from './sparkline';

type Post = (message: RunToHost) => void;

export function renderRun(snapshot: RunSnapshot, post: Post, artifacts: ArtifactsView): HTMLElement[] {
  const { run } = snapshot;
  const title = h(
    'header',
    { class: 'run-header' },
    h('h1', { class: 'run-name' }, run.name),
    h('span', { class: `status status-${run.status.toLowerCase()}` }, run.status),
    run.lifecycleStage === 'deleted' ? h('span', { class: 'status status-deleted' }, 'deleted') : undefined,
  );
  const userTags = snapshot.tags.filter((t) => !t.key.startsWith('mlflow.'));
  const systemTags = snapshot.tags.filter((t) => t.key.startsWith('mlflow.') && t.key !== 'mlflow.note.content');
  return [
    title,
    snapshot.model ? renderModel(snapshot.model, post, true) : h('span'),
    section('Overview', overview(snapshot, post)),
    snapshot.note ? section('Note', h('div', { class: 'note markdown' }, renderMarkdown(snapshot.note))) : h('span'),
    section(`Parameters (${snapshot.params.length})`, filterableTable(snapshot.params, 'params')),
    section(`Metrics (${snapshot.metrics.length})`, metricsTable(snapshot, post)),
    section(
      `Tags (${userTags.length + systemTags.length})`,
      keyValueTable(userTags, 'No tags', 'kv tags'),
      systemTags.length ? h('details', { class: 'system-tags' }, h('summary', {}, `System tags (${systemTags.length})`), keyValueTable(systemTags, '', 'kv tags')) : undefined,
    ),
    snapshot.datasets.length ? section(`Dataset inputs (${snapshot.datasets.length})`, datasets(snapshot)) : h('span'),
    snapshot.models.length ? section(`Logged models (${snapshot.models.length})`, models(snapshot)) : h('span'),
    section('Artifacts', artifacts.element),
  ];
}

function overview(snapshot: RunSnapshot, post: Post): HTMLElement {
  const { run, source, git, parent, children } = snapshot;
  const runLink = (ref: RunRef) => h('a', { class: 'run-link', attrs: { href: '#', 'data-run-id': ref.runId }, on: { click: (e) => (e.preventDefault(), post({ type: 'openRun', runId: ref.runId })) } }, ref.name);
  const end = run.endTime ?? (run.status === 'RUNNING' ? snapshot.now : undefined);
  const rows: { key: string; value: Node | string }[] = [
    { key: 'Run ID', value: h('span', {}, h('code', {}, run.runId), ' ', button('Copy', () => post({ type: 'copy', text: run.runId }), { class: 'link-button' })) },
    { key: 'Experiment', value: run.experimentName ? `${run.experimentName} (id ${run.experimentId})` : run.experimentId },
    { key: 'Status', value: run.status },
    { key: 'Started', value: formatTime(run.startTime) },
    { key: 'Ended', value: run.endTime ? formatTime(run.endTime) : run.status === 'RUNNING' ? 'still running' : '—' },
    { key: 'Duration', value: run.startTime && end ? formatDuration(end - run.startTime) : '—' },
    { key: 'User', value: run.userId || '—' },
  ];
  if (source) {
    const name = source.name;
    rows.push({
      key: 'Source',
      value: source.inWorkspace
        ? h('a', { class: 'source-link', attrs: { href: '#' }, title: name, on: { click: (e) => (e.preventDefault(), post({ type: 'openSource' })) } }, name)
        : h('span', { title: 'Not found in this workspace' }, name, source.type ? ` (${source.type})` : ''),
    });
  }
  if (git?.commit) rows.push({ key: 'Git commit', value: h('code', {}, git.commit) });
  if (git?.branch) rows.push({ key: 'Git branch', value: git.branch });
  if (git?.repoUrl) rows.push({ key: 'Git repository', value: git.repoUrl });
  if (parent) rows.push({ key: 'Parent run', value: runLink(parent) });
  if (children.length) {
    const list = h('span', { class: 'children' });
    children.forEach((child, i) => list.append(...(i ? [', '] : []), runLink(child)));
    rows.push({ key: `Child runs (${children.length})`, value: list });
  }
  rows.push({ key: 'Artifact URI', value: h('code', {}, run.artifactUri) });
  if (run.artifactFolder) rows.push({ key: 'Artifacts here', value: h('code', { title: 'The store was moved: its artifacts are read from this folder' }, run.artifactFolder) });
  return keyValueTable(rows, '', 'kv overview');
}

/** A key/value table with a filter box: runs with hundreds of params stay readable. */
function filterableTable(rows: KeyValue[], name: string): HTMLElement {
  const table = keyValueTable(rows, `No ${name}`, `kv ${name}`);
  if (rows.length < 12) return table;
  const input = h('input', { class: 'filter', attrs: { type: 'search', placeholder: `Filter ${name}…`, 'aria-label': `Filter ${name}` } });
  input.addEventListener('input', () => {
    const text = input.value.toLowerCase();
    table.querySelectorAll('tr').forEach((tr) => {
      (tr as HTMLElement).hidden = !!text && !tr.textContent!.toLowerCase().includes(text);
    });
  });
  return h('div', {}, input, table);
}

function metricsTable(snapshot: RunSnapshot, post: Post): HTMLElement {
  if (!snapshot.metrics.length) return h('p', { class: 'muted' }, 'No metrics');
  const color = runColor(0, themeColors().kind);
  return h(
    'table',
    { class: 'grid metrics' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Metric'), h('th', {}, 'Latest'), h('th', {}, 'Step'), h('th', {}, 'History'), h('th', {}))),
    h(
      'tbody',
      {},
      ...snapshot.metrics.map((metric) =>
        h(
          'tr',
          { attrs: { 'data-metric': metric.key } },
          h('th', {}, metric.key),
          h('td', { class: 'num' }, formatNumber(metric.value)),
          h('td', { class: 'num' }, String(metric.step)),
          h('td', {}, metric.history.length > 1 ? sparkline(metric.history, color) : ''),
          h('td', {}, metric.history.length > 1 ? button('Chart', () => post({ type: 'chartMetric', key: metric.key }), { class: 'link-button', title: `Chart ${metric.key}` }) : ''),
        ),
      ),
    ),
  );
}

function datasets(snapshot: RunSnapshot): HTMLElement {
  return h(
    'table',
    { class: 'grid' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Context'), h('th', {}, 'Digest'), h('th', {}, 'Source'))),
    h('tbody', {}, ...snapshot.datasets.map((d) => h('tr', {}, h('td', {}, d.name), h('td', {}, d.context ?? ''), h('td', {}, h('code', {}, d.digest)), h('td', { title: d.source }, `${d.sourceType}: ${d.source.slice(0, 120)}`)))),
  );
}

function models(snapshot: RunSnapshot): HTMLElement {
  return h(
    'table',
    { class: 'grid' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Model ID'), h('th', {}, 'Status'), h('th', {}, 'Step'), h('th', {}, 'Type'))),
    h('tbody', {}, ...snapshot.models.map((m) => h('tr', {}, h('td', {}, m.name), h('td', {}, h('code', {}, m.modelId)), h('td', {}, m.status), h('td', {}, m.step === undefined ? '' : String(m.step)), h('td', {}, m.modelType ?? '')))),
  );
}
