/**
 * One metric's line chart (chart.js 4): a line per run in the run's colour, null points as gaps,
 * drag across the plot to zoom into a range (the panel then asks the host for that range
 * re-sampled), double-click or "Reset" to zoom out.
 */
import {
  Chart,
  Decimation,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import type { Series } from '../shared/protocol';
import { formatNumber } from '../shared/dom';
import { runColor, type ThemeColors } from '../shared/theme';
import { AXIS_LABELS, formatTick, toPoints, type Point, type XAxis } from './axes';
import { emaSmooth } from './smoothing';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Decimation);

export interface ChartOptions {
  xAxis: XAxis;
  logY: boolean;
  smoothing: number;
  hidden: ReadonlySet<string>;
  theme: ThemeColors;
}

export interface ChartRun {
  runId: string;
  name: string;
  colorIndex: number;
  startTime?: number;
}

/** Fills the canvas with the theme's background first, so exported PNGs are not transparent. */
const background: Plugin<'line'> = {
  id: 'themeBackground',
  beforeDraw(chart, _args, options: { color?: string }) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = options.color ?? 'transparent';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export class MetricChart {
  readonly chart: Chart<'line', Point[]>;
  private series: Series[] = [];
  private runs = new Map<string, ChartRun>();
  private dragStart: number | undefined;
  private readonly selection: HTMLDivElement;
  /** The x range zoomed into, if any. */
  range: { min: number; max: number } | undefined;

  constructor(
    readonly metric: string,
    private readonly canvas: HTMLCanvasElement,
    private options: ChartOptions,
    private readonly onZoom: (chart: MetricChart, range: { min: number; max: number } | undefined) => void,
  ) {
    this.selection = document.createElement('div');
    this.selection.className = 'zoom-selection';
    this.selection.hidden = true;
    canvas.parentElement?.append(this.selection);
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0, hoverRadius: 3 }, line: { borderWidth: 1.5, tension: 0 } },
        plugins: {
          // More points than pixels are drawn as each pixel column's min and max: the same picture, faster.
          decimation: { enabled: true, algorithm: 'min-max' },
          tooltip: {
            callbacks: {
              title: (items) => (items[0] ? `${AXIS_LABELS[this.options.xAxis]}: ${formatTick(this.options.xAxis, items[0].parsed.x ?? 0)}` : ''),
              label: (item) => {
                const step = this.stepAt(item.datasetIndex, item.dataIndex);
                return `${item.dataset.label}: ${formatNumber(item.parsed.y)}${step === undefined ? '' : ` (step ${step})`}`;
              },
            },
          },
        },
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
      },
      plugins: [
        background,
        {
          id: 'drawnMarker',
          afterDraw: () => {
            canvas.dataset.drawn = String(Number(canvas.dataset.drawn ?? 0) + 1);
          },
        },
      ],
    });
    this.listenForZoom();
  }

  setSeries(series: Series[], runs: ChartRun[]): void {
    this.series = series;
    this.runs = new Map(runs.map((run) => [run.runId, run]));
    this.render();
  }

  setOptions(options: ChartOptions): void {
    this.options = options;
    this.render();
  }

  resetZoom(): void {
    this.range = undefined;
    this.render();
    this.onZoom(this, undefined);
  }

  /** The series drawn now (re-sampled ones while zoomed). */
  get shown(): readonly Series[] {
    return this.series;
  }

  /** The chart's width in device pixels: how many points are worth asking for. */
  get pixelWidth(): number {
    return Math.round(this.chart.width * (window.devicePixelRatio || 1));
  }

  private render(): void {
    const { xAxis, logY, smoothing, hidden, theme } = this.options;
    const datasets: ChartDataset<'line', Point[]>[] = this.series.map((series) => {
      const run = this.runs.get(series.runId);
      const color = runColor(run?.colorIndex ?? 0, theme.kind);
      return {
        label: run?.name ?? series.runId,
        data: toPoints(series, xAxis, emaSmooth(series.values, smoothing), run?.startTime, logY),
        borderColor: color,
        backgroundColor: color,
        hidden: hidden.has(series.runId),
      };
    });
    const grid = { color: theme.grid };
    const ticks = { color: theme.muted, font: { family: theme.font } };
    this.chart.data.datasets = datasets;
    this.chart.options.scales = {
      x: {
        type: 'linear',
        min: this.range?.min,
        max: this.range?.max,
        grid,
        ticks: { ...ticks, maxRotation: 0, autoSkipPadding: 16, callback: (value) => formatTick(xAxis, Number(value)) },
        title: { display: true, text: AXIS_LABELS[xAxis], color: theme.muted },
      },
      y: { type: logY ? 'logarithmic' : 'linear', grid, ticks: { ...ticks, callback: (value) => formatNumber(Number(value)) } },
    };
    (this.chart.options.plugins as Record<string, unknown>).themeBackground = { color: theme.background };
    this.chart.update('none');
  }

  private stepAt(datasetIndex: number, index: number): number | undefined {
    return this.series[datasetIndex]?.steps[index];
  }

  private listenForZoom(): void {
    const xAt = (event: MouseEvent) => this.chart.scales.x.getValueForPixel(event.offsetX);
    this.canvas.addEventListener('mousedown', (event) => {
      const area = this.chart.chartArea;
      if (event.button !== 0 || event.offsetX < area.left || event.offsetX > area.right) return;
      this.dragStart = event.offsetX;
    });
    this.canvas.addEventListener('mousemove', (event) => {
      if (this.dragStart === undefined) return;
      const left = Math.min(this.dragStart, event.offsetX);
      Object.assign(this.selection.style, { left: `${left}px`, width: `${Math.abs(event.offsetX - this.dragStart)}px`, top: `${this.chart.chartArea.top}px`, height: `${this.chart.chartArea.height}px` });
      this.selection.hidden = false;
    });
    window.addEventListener('mouseup', (event) => {
      if (this.dragStart === undefined) return;
      const start = this.dragStart;
      this.dragStart = undefined;
      this.selection.hidden = true;
      if (Math.abs(event.offsetX - start) < 5 || event.target !== this.canvas) return;
      const a = this.chart.scales.x.getValueForPixel(start);
      const b = xAt(event);
      if (a === undefined || b === undefined) return;
      this.range = { min: Math.min(a, b), max: Math.max(a, b) };
      this.render();
      this.onZoom(this, this.range);
    });
    this.canvas.addEventListener('dblclick', () => this.range && this.resetZoom());
  }

  destroy(): void {
    this.chart.destroy();
    this.selection.remove();
  }
}
