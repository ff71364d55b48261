import type { ChartsPanelState, ChartsSnapshot, ChartsToHost, ChartsToWebview, Series } from '../shared/protocol';
import { connect } from '../shared/host';
import { button, h, replace, showError } from '../shared/dom';
import { onThemeChange, runColor, themeColors } from '../shared/theme';
import { stepRange, type XAxis } from './axes';
import { MetricChart, type ChartOptions } from './metricChart';

const root = document.getElementById('app')!;
let snapshot: ChartsSnapshot | undefined;
const charts = new Map<string, MetricChart>();
const hidden = new Set<string>();
/** The last zoom request per metric (its `seq`); zooming out forgets it, so answers in flight are dropped. */
const latestZoom = new Map<string, number>();
let zoomSeq = 0;
const options: ChartOptions = { xAxis: 'step', logY: false, smoothing: 0, hidden, theme: themeColors() };

const host = connect<ChartsToWebview, ChartsToHost, ChartsPanelState>((message) => {
  switch (message.type) {
    case 'snapshot':
      return show(message.snapshot);
    case 'zoomed': {
      const chart = charts.get(message.metric);
      // Only the answer to the chart's latest zoom is drawn: a late one for a range the user has
      // since left (or zoomed out of) is dropped.
      if (chart?.range && snapshot && message.seq === latestZoom.get(message.metric)) chart.setSeries(message.series, snapshot.runs);
      return;
    }
    case 'error':
      return showError(root, message.message);
  }
});

onThemeChange(() => {
  options.theme = themeColors();
  updateAll();
  if (snapshot) renderLegend(snapshot);
});

const legend = h('div', { class: 'legend', attrs: { role: 'group', 'aria-label': 'Runs' } });
const notices = h('div', {});
const picker = h('div', { class: 'metric-picker', attrs: { role: 'group', 'aria-label': 'Metrics' } });
const grid = h('div', { class: 'charts' });

function show(next: ChartsSnapshot): void {
  const first = !snapshot;
  snapshot = next;
  host.saveState({ runIds: [...next.runs, ...next.omittedRuns].map((r) => r.runId), metrics: next.metrics });
  if (first) replace(root, toolbar(), notices, h('details', { class: 'metrics-choice' }, h('summary', {}, 'Metrics'), picker), legend, grid);
  replace(
    notices,
    next.omittedRuns.length
      ? h('p', { class: 'notice' }, `Charts show at most ${next.maxRunsPerChart} runs; left out: ${next.omittedRuns.map((r) => r.name).join(', ')}.`)
      : undefined,
    next.live ? h('p', { class: 'muted live' }, 'Live: charts update as running runs log new points.') : undefined,
  );
  renderPicker(next);
  renderLegend(next);
  for (const [metric, chart] of charts) {
    if (!next.metrics.includes(metric)) {
      chart.destroy();
      charts.delete(metric);
      grid.querySelector(`[data-metric="${CSS.escape(metric)}"]`)?.remove();
    }
  }
  next.metrics.forEach((metric) => {
    const chart = charts.get(metric) ?? addChart(metric);
    chart.setSeries(next.series[metric] ?? [], next.runs);
    if (chart.range) requestZoom(chart, chart.range);
  });
  root.setAttribute('aria-busy', 'false');
}

function toolbar(): HTMLElement {
  const axis = h('select', { attrs: { 'aria-label': 'X axis', id: 'x-axis' } }, h('option', { attrs: { value: 'step' } }, 'Step'), h('option', { attrs: { value: 'wall' } }, 'Wall time'), h('option', { attrs: { value: 'relative' } }, 'Relative time'));
  axis.addEventListener('change', () => {
    options.xAxis = axis.value as XAxis;
    for (const chart of charts.values()) chart.range = undefined;
    restoreAll();
  });
  const scale = h('select', { attrs: { 'aria-label': 'Y scale', id: 'y-scale' } }, h('option', { attrs: { value: 'linear' } }, 'Linear'), h('option', { attrs: { value: 'log' } }, 'Log'));
  scale.addEventListener('change', () => {
    options.logY = scale.value === 'log';
    updateAll();
  });
  const smoothing = h('input', { attrs: { type: 'range', min: '0', max: '100', value: '0', id: 'smoothing', 'aria-label': 'Smoothing' } });
  const smoothingValue = h('span', { class: 'muted' }, '0');
  smoothing.addEventListener('input', () => {
    options.smoothing = Number(smoothing.value);
    smoothingValue.textContent = smoothing.value;
    updateAll();
  });
  return h(
    'div',
    { class: 'toolbar' },
    h('label', {}, 'X axis', axis),
    h('label', {}, 'Y axis', scale),
    h('label', {}, 'Smoothing', smoothing, smoothingValue),
  );
}

function renderPicker(next: ChartsSnapshot): void {
  replace(
    picker,
    ...next.metricKeys.map((key) => {
      const box = h('input', { attrs: { type: 'checkbox', 'data-metric': key } });
      box.checked = next.metrics.includes(key);
      box.addEventListener('change', () => {
        const chosen = [...picker.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.dataset.metric!);
        host.post({ type: 'setMetrics', metrics: chosen });
      });
      return h('label', {}, box, key);
    }),
  );
}

function renderLegend(next: ChartsSnapshot): void {
  replace(
    legend,
    ...next.runs.map((run) => {
      const toggle = h('button', { attrs: { type: 'button', 'aria-pressed': String(!options.hidden.has(run.runId)), 'data-run-id': run.runId }, title: 'Show or hide this run on every chart' });
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = runColor(run.colorIndex, options.theme.kind);
      toggle.append(swatch, run.name);
      toggle.addEventListener('click', () => {
        if (hidden.has(run.runId)) hidden.delete(run.runId);
        else hidden.add(run.runId);
        toggle.setAttribute('aria-pressed', String(!options.hidden.has(run.runId)));
        updateAll();
      });
      return toggle;
    }),
  );
}

function addChart(metric: string): MetricChart {
  const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': `${metric} chart` } });
  const card = h('article', { class: 'chart-card', attrs: { 'data-metric': metric } }, h('div', { class: 'chart-box' }, canvas));
  grid.append(card);
  const chart = new MetricChart(metric, canvas, { ...options }, (target, range) => (range ? requestZoom(target, range) : restore(target)));
  card.prepend(
    h(
      'header',
      {},
      h('h3', { title: metric }, metric),
      button('Reset zoom', () => chart.resetZoom(), { class: 'link-button', title: 'Zoom out (or double-click the chart)' }),
      button('PNG', () => host.post({ type: 'exportPng', metric, dataUrl: chart.chart.toBase64Image('image/png') }), { class: 'link-button', title: 'Save the chart as PNG' }),
      button('CSV', () => host.post({ type: 'exportCsv', metric }), { class: 'link-button', title: 'Save the data as CSV' }),
    ),
  );
  charts.set(metric, chart);
  return chart;
}

/**
 * A zoom asks the host for the steps in range re-sampled at the chart's width; on a time axis the
 * steps are those of the points the window covers (the chart keeps the time window as drawn).
 */
function requestZoom(chart: MetricChart, range: { min: number; max: number }): void {
  const starts = new Map(snapshot?.runs.map((run) => [run.runId, run.startTime]));
  const steps = stepRange(chart.shown, options.xAxis, (runId) => starts.get(runId), range);
  const seq = ++zoomSeq;
  latestZoom.set(chart.metric, seq);
  if (steps) host.post({ type: 'zoom', metric: chart.metric, startStep: steps.min, endStep: steps.max, maxPoints: Math.max(chart.pixelWidth, 200), seq });
}

function restore(chart: MetricChart): void {
  latestZoom.delete(chart.metric);
  if (snapshot) chart.setSeries(snapshot.series[chart.metric] ?? ([] as Series[]), snapshot.runs);
}

function restoreAll(): void {
  for (const chart of charts.values()) restore(chart);
  updateAll();
}

function updateAll(): void {
  for (const chart of charts.values()) chart.setOptions({ ...options });
}
