/**
 * Pure view-model functions for the Experiments view: how runs nest, and what their labels,
 * descriptions, icons and tooltips say. No `vscode` import, so they are unit-tested directly.
 */
import { MLFLOW_TAGS, type RunStatus, type RunSummary } from '../mlflow/entities';

export interface RunForest {
  roots: RunSummary[];
  /** Children of a run among the loaded runs, in load order. */
  children: Map<string, RunSummary[]>;
}

export function tagValue(run: RunSummary, key: string): string | undefined {
  return run.data.tags.find((tag) => tag.key === key)?.value;
}

export function parentRunId(run: RunSummary): string | undefined {
  return tagValue(run, MLFLOW_TAGS.parentRunId) || undefined;
}

/**
 * Nests runs under their parent when the parent is loaded too (as MLflow's UI does); a run
 * whose parent is elsewhere (another experiment, a later page) stays a root. Cycles in corrupt
 * data leave their members as roots rather than disappearing.
 */
export function buildRunForest(runs: RunSummary[]): RunForest {
  const byId = new Map(runs.map((run) => [run.info.runId, run]));
  const children = new Map<string, RunSummary[]>();
  const roots: RunSummary[] = [];
  for (const run of runs) {
    const parent = parentRunId(run);
    if (parent && parent !== run.info.runId && byId.has(parent) && !isAncestor(run.info.runId, parent, byId)) {
      const siblings = children.get(parent) ?? [];
      siblings.push(run);
      children.set(parent, siblings);
    } else {
      roots.push(run);
    }
  }
  return { roots, children };
}

function isAncestor(candidate: string, of: string, byId: Map<string, RunSummary>): boolean {
  const seen = new Set<string>();
  for (let id: string | undefined = of; id && !seen.has(id); ) {
    if (id === candidate) return true;
    seen.add(id);
    const run = byId.get(id);
    id = run ? parentRunId(run) : undefined;
  }
  return false;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function runDuration(run: RunSummary, now: number): number | undefined {
  const { startTime, endTime, status } = run.info;
  if (startTime === undefined) return undefined;
  if (endTime !== undefined) return endTime - startTime;
  return status === 'RUNNING' ? now - startTime : undefined;
}

export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** The sort or column key a run's description highlights, e.g. `metrics.rmse`. */
export interface DescriptionKey {
  entity: 'metric' | 'param';
  key: string;
}

/** The short text beside a run's name: the highlighted value, then how long it ran. */
export function runDescription(run: RunSummary, now: number, highlight?: DescriptionKey): string {
  const parts: string[] = [];
  if (highlight) {
    const value =
      highlight.entity === 'metric'
        ? run.data.metrics.find((metric) => metric.key === highlight.key)?.value
        : run.data.params.find((param) => param.key === highlight.key)?.value;
    parts.push(`${highlight.key}=${value === undefined ? '—' : typeof value === 'number' ? formatMetricValue(value) : value}`);
  }
  const duration = runDuration(run, now);
  if (duration !== undefined) parts.push(run.info.status === 'RUNNING' ? `running ${formatDuration(duration)}` : formatDuration(duration));
  else if (run.info.status !== 'FINISHED') parts.push(run.info.status.toLowerCase());
  if (run.info.lifecycleStage === 'deleted') parts.push('deleted');
  return parts.join(' · ');
}

export interface StatusAppearance {
  /** A codicon id. */
  icon: string;
  /** A theme color id, so icons follow light, dark and high-contrast themes. */
  color: string;
  label: string;
}

const STATUS: Record<RunStatus, StatusAppearance> = {
  RUNNING: { icon: 'sync~spin', color: 'charts.blue', label: 'Running' },
  SCHEDULED: { icon: 'clock', color: 'charts.purple', label: 'Scheduled' },
  FINISHED: { icon: 'pass', color: 'testing.iconPassed', label: 'Finished' },
  FAILED: { icon: 'error', color: 'testing.iconFailed', label: 'Failed' },
  KILLED: { icon: 'circle-slash', color: 'charts.orange', label: 'Killed' },
};

export function statusAppearance(status: RunStatus): StatusAppearance {
  return STATUS[status] ?? STATUS.FINISHED;
}

/** The facts a run's tooltip lists, as label/value rows (rendered escaped by the tree). */
export interface RunTooltip {
  title: string;
  facts: [string, string][];
  params: [string, string][];
  metrics: [string, string][];
  more: { params: number; metrics: number };
}

const TOOLTIP_ROWS = 8;

export function runTooltip(run: RunSummary, now: number): RunTooltip {
  const { info } = run;
  const facts: [string, string][] = [['Status', statusAppearance(info.status).label]];
  if (info.lifecycleStage === 'deleted') facts.push(['Lifecycle', 'deleted']);
  if (info.startTime !== undefined) facts.push(['Started', new Date(info.startTime).toLocaleString()]);
  const duration = runDuration(run, now);
  if (duration !== undefined) facts.push(['Duration', formatDuration(duration)]);
  const user = info.userId || tagValue(run, MLFLOW_TAGS.user);
  if (user) facts.push(['User', user]);
  const source = tagValue(run, MLFLOW_TAGS.sourceName);
  if (source) facts.push(['Source', source]);
  const commit = tagValue(run, MLFLOW_TAGS.gitCommit);
  if (commit) facts.push(['Commit', commit.slice(0, 10)]);
  const parent = parentRunId(run);
  if (parent) facts.push(['Parent run', parent]);
  facts.push(['Run ID', info.runId]);
  const params = [...run.data.params].sort((a, b) => a.key.localeCompare(b.key));
  const metrics = [...run.data.metrics].sort((a, b) => a.key.localeCompare(b.key));
  return {
    title: info.runName || info.runId,
    facts,
    params: params.slice(0, TOOLTIP_ROWS).map((param) => [param.key, truncate(param.value, 60)]),
    metrics: metrics.slice(0, TOOLTIP_ROWS).map((metric) => [metric.key, formatMetricValue(metric.value)]),
    more: {
      params: Math.max(0, params.length - TOOLTIP_ROWS),
      metrics: Math.max(0, metrics.length - TOOLTIP_ROWS),
    },
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
