import { Chart, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import type { ComparePanelState, CompareSnapshot, CompareToHost, CompareToWebview } from '../shared/protocol';
import { connect } from '../shared/host';
import { formatNumber, h, replace, section, showError } from '../shared/dom';
import { onThemeChange, runColor, themeColors } from '../shared/theme';
import { renderTable } from './table';
import { compareRows, numericValues } from './model';
import { drawParallel } from './parallel';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

const root = document.getElementById('app')!;
let snapshot: CompareSnapshot | undefined;
let scatter: Chart<'scatter'> | undefined;
const parallelAxes = new Set<string>();

const host = connect<CompareToWebview, CompareToHost, ComparePanelState>((message) => {
  if (message.type === 'snapshot') show(message.snapshot);
  else showError(root, message.message);
});

onThemeChange(() => snapshot && show(snapshot));

const parallelCanvas = h('canvas', { class: 'plot-box parallel', attrs: { role: 'img', 'aria-label': 'Parallel coordinates' } });
const parallelPicker = h('div', { class: 'metric-picker' });
const scatterCanvas = h('canvas', { attrs: { role: 'img', 'aria-label': 'Scatter plot' } });
const scatterX = h('select', { attrs: { 'aria-label': 'Scatter x', id: 'scatter-x' } });
const scatterY = h('select', { attrs: { 'aria-label': 'Scatter y', id: 'scatter-y' } });
scatterX.addEventListener('change', drawScatter);
scatterY.addEventListener('change', drawScatter);

function show(next: CompareSnapshot): void {
  snapshot = next;
  host.saveState({ runIds: next.runs.map((run) => run.runId) });
  const colors = next.runs.map((_, i) => runColor(i, themeColors().kind));
  const table = renderTable(next, colors, (runId) => host.post({ type: 'openRun', runId }));
  const plots = h(
    'div',
    { class: 'compare-plots' },
    h('div', {}, h('h3', {}, 'Parallel coordinates'), parallelPicker, parallelCanvas),
    h('div', {}, h('h3', {}, 'Scatter'), h('div', { class: 'toolbar' }, h('label', {}, 'X', scatterX), h('label', {}, 'Y', scatterY)), h('div', { class: 'plot-box' }, scatterCanvas)),
  );
  replace(root, h('h1', {}, `Comparing ${next.runs.length} runs`), table, section('Plots', plots));
  fillPlotChoices(next);
  drawParallelPlot();
  drawScatter();
  root.setAttribute('aria-busy', 'false');
}

/** Plot choices: params whose values are numbers (or few categories) and every metric. */
function plotKeys(next: CompareSnapshot): { params: string[]; metrics: string[] } {
  const params = compareRows(next.runs, 'params').filter((row) => row.differs);
  return {
    params: params.map((row) => row.key),
    metrics: compareRows(next.runs, 'metrics').map((row) => row.key),
  };
}

function fillPlotChoices(next: CompareSnapshot): void {
  const { params, metrics } = plotKeys(next);
  if (!parallelAxes.size) {
    params.slice(0, 5).forEach((key) => parallelAxes.add(`params.${key}`));
    metrics.slice(0, 2).forEach((key) => parallelAxes.add(`metrics.${key}`));
  }
  const choices = [...params.map((k) => `params.${k}`), ...metrics.map((k) => `metrics.${k}`)];
  replace(
    parallelPicker,
    ...choices.map((choice) => {
      const box = h('input', { attrs: { type: 'checkbox' } });
      box.checked = parallelAxes.has(choice);
      box.addEventListener('change', () => {
        if (box.checked) parallelAxes.add(choice);
        else parallelAxes.delete(choice);
        drawParallelPlot();
      });
      return h('label', {}, box, choice);
    }),
  );
  const numericParams = params.filter((key) => numericValues(next.runs.map((run) => run.params[key])));
  const option = (value: string) => h('option', { attrs: { value } }, value);
  const previousX = scatterX.value;
  const previousY = scatterY.value;
  replace(scatterX, ...numericParams.map((k) => option(`params.${k}`)), ...metrics.map((k) => option(`metrics.${k}`)));
  replace(scatterY, ...metrics.map((k) => option(`metrics.${k}`)));
  if (previousX) scatterX.value = previousX;
  if (previousY) scatterY.value = previousY;
  else if (metrics.length > 1 && !numericParams.length) scatterY.selectedIndex = 1;
}

function valuesOf(choice: string): (string | number | undefined)[] {
  const [group, ...rest] = choice.split('.');
  const key = rest.join('.');
  return snapshot!.runs.map((run) => (group === 'params' ? run.params[key] : run.metrics[key]));
}

function drawParallelPlot(): void {
  if (!snapshot) return;
  const axes = [...parallelAxes].map((choice) => ({ label: choice.replace(/^(params|metrics)\./, ''), values: valuesOf(choice) }));
  drawParallel(parallelCanvas, axes, snapshot.runs.map((_, i) => runColor(i, themeColors().kind)), themeColors());
}

function drawScatter(): void {
  if (!snapshot) return;
  const theme = themeColors();
  const xs = valuesOf(scatterX.value || '').map((v) => (v === undefined ? undefined : Number(v)));
  const ys = valuesOf(scatterY.value || '').map((v) => (v === undefined ? undefined : Number(v)));
  const datasets = snapshot.runs.map((run, i) => ({
    label: run.name,
    data: xs[i] !== undefined && ys[i] !== undefined ? [{ x: xs[i]!, y: ys[i]! }] : [],
    backgroundColor: runColor(i, theme.kind),
    pointRadius: 5,
  }));
  const axis = (text: string) => ({ title: { display: true, text, color: theme.muted }, grid: { color: theme.grid }, ticks: { color: theme.muted, callback: (v: string | number) => formatNumber(Number(v)) } });
  scatter?.destroy();
  scatter = new Chart(scatterCanvas, {
    type: 'scatter',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: (${formatNumber(item.parsed.x)}, ${formatNumber(item.parsed.y)})` } } },
      scales: { x: axis(scatterX.value), y: axis(scatterY.value) },
    },
  });
}
