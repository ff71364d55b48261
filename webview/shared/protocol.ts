/**
 * The messages between the extension host and the panels' webviews: plain types only, imported
 * by both sides (the host never imports webview code, the webview never imports src/).
 *
 * Every panel follows the same handshake: the webview posts `ready` once its script runs, the
 * host answers with a complete `snapshot` (and again whenever the data changes); anything else
 * the webview needs it asks for, and the host answers with one message per request.
 */

export interface KeyValue {
  key: string;
  value: string;
}

export interface RunRef {
  runId: string;
  name: string;
  status: string;
}

// ---------------------------------------------------------------- Run panel

export interface MetricRow {
  key: string;
  value: number;
  step: number;
  timestamp: number;
  /** A sampled history for the sparkline, in step order; NaN as null (JSON has no NaN). */
  history: (number | null)[];
}

export interface DatasetRow {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  context?: string;
  schema?: string;
}

export interface LoggedModelRow {
  modelId: string;
  name: string;
  status: string;
  step?: number;
  modelType?: string;
}

export interface ArtifactNode {
  path: string;
  isDir: boolean;
  size?: number;
}

export interface RunSnapshot {
  run: RunRef & {
    experimentId: string;
    experimentName?: string;
    userId: string;
    startTime?: number;
    endTime?: number;
    artifactUri: string;
    /** Where the artifacts are on this machine, when that differs from the recorded URI (a moved store). */
    artifactFolder?: string;
    lifecycleStage: string;
  };
  source?: { name: string; type?: string; inWorkspace: boolean };
  git?: { commit?: string; branch?: string; repoUrl?: string };
  parent?: RunRef;
  children: RunRef[];
  note?: string;
  params: KeyValue[];
  metrics: MetricRow[];
  tags: KeyValue[];
  datasets: DatasetRow[];
  models: LoggedModelRow[];
  /** The top level of the artifact tree; folders are listed on request. */
  artifacts: ArtifactNode[];
  /** The model the panel was opened on (Show Model Signature), shown first. */
  model?: ModelView;
  /** Time the snapshot was taken, so relative times and running durations agree. */
  now: number;
}

export type ArtifactPreview =
  | { kind: 'image'; path: string; dataUri: string }
  | { kind: 'text'; path: string; language: 'json' | 'yaml' | 'text'; text: string; truncated: boolean; size?: number }
  | { kind: 'csv'; path: string; rows: string[][]; truncated: boolean; size?: number }
  | { kind: 'mlmodel'; path: string; summary: MlmodelSummary; text: string }
  | { kind: 'binary'; path: string; size?: number }
  | { kind: 'error'; path: string; message: string };

export interface MlmodelSummary {
  flavors: KeyValue[];
  facts: KeyValue[];
  signature?: { inputs: SignatureColumn[]; outputs: SignatureColumn[]; params: SignatureColumn[] };
}

export interface SignatureColumn {
  name: string;
  type: string;
  required?: boolean;
}

/** A model the Run panel's model view shows: a registered version or an MLflow 3 logged model. */
export type ModelRef = { kind: 'version'; name: string; version: string } | { kind: 'logged'; modelId: string; experimentId: string };

/** The model view: the model's MLmodel summarised (signature, flavors, facts), or why it could not be read. */
export interface ModelView {
  ref: ModelRef;
  /** `wine-quality v2`, or the logged model's name. */
  title: string;
  /** `models:/wine-quality/2`, `models:/m-…`. */
  uri: string;
  /** The run that produced the model, when the store knows it. */
  runId?: string;
  /** An `mlmodel` preview, or an `error` one. */
  preview: ArtifactPreview;
}

export type RunToWebview =
  | { type: 'snapshot'; snapshot: RunSnapshot }
  | { type: 'artifactChildren'; path: string; children: ArtifactNode[] }
  | { type: 'artifactPreview'; preview: ArtifactPreview }
  /** The model view alone, for a model whose run is not in the active store. */
  | { type: 'model'; model: ModelView }
  | { type: 'error'; message: string };

export type RunToHost =
  | { type: 'ready' }
  | { type: 'listArtifacts'; path: string }
  | { type: 'previewArtifact'; path: string }
  | { type: 'openArtifact'; path: string }
  | { type: 'openRun'; runId: string }
  | { type: 'openSource' }
  | { type: 'chartMetric'; key: string }
  /** Open the model view's MLmodel in an editor (where the language server checks it). */
  | { type: 'openModelFile'; ref: ModelRef }
  | { type: 'copy'; text: string };

/** What a Run panel keeps across a reload (`vscode.setState`). */
export interface RunPanelState {
  runId: string;
  model?: ModelRef;
}

/** What a panel showing only a model view keeps across a reload. */
export interface ModelPanelState {
  model: ModelRef;
}

// ---------------------------------------------------------------- Charts panel

/** One run's sampled history of one metric, as parallel arrays (compact to post). */
export interface Series {
  runId: string;
  steps: number[];
  /** NaN is sent as null (JSON has no NaN) and drawn as a gap. */
  values: (number | null)[];
  timestamps: number[];
}

export interface ChartsSnapshot {
  runs: (RunRef & { startTime?: number; colorIndex: number })[];
  /** Runs selected but left out because a chart shows at most `maxRunsPerChart`. */
  omittedRuns: RunRef[];
  maxRunsPerChart: number;
  /** Every metric key any of the runs has. */
  metricKeys: string[];
  /** The metrics charted, in order. */
  metrics: string[];
  series: Record<string, Series[]>;
  /** Points asked of the store per run and metric. */
  maxPoints: number;
  /** A run is still logging: the host re-sends snapshots as points arrive. */
  live: boolean;
}

export type ChartsToWebview =
  | { type: 'snapshot'; snapshot: ChartsSnapshot }
  /** Re-sampled histories of one metric between two steps (answer to `zoom`). */
  | { type: 'zoomed'; metric: string; startStep: number; endStep: number; series: Series[]; seq: number }
  | { type: 'error'; message: string };

export type ChartsToHost =
  | { type: 'ready' }
  | { type: 'setMetrics'; metrics: string[] }
  /** `seq` numbers the requests; the answer echoes it, so a late answer to an older zoom is dropped. */
  | { type: 'zoom'; metric: string; startStep: number; endStep: number; maxPoints: number; seq: number }
  | { type: 'exportPng'; metric: string; dataUrl: string }
  /** The host writes the full (unsampled) histories of the metric's charted runs. */
  | { type: 'exportCsv'; metric: string };

export interface ChartsPanelState {
  runIds: string[];
  metrics: string[];
}

// ---------------------------------------------------------------- Compare panel

export interface CompareRun extends RunRef {
  params: Record<string, string>;
  metrics: Record<string, number>;
  tags: Record<string, string>;
}

export interface CompareSnapshot {
  runs: CompareRun[];
}

export type CompareToWebview = { type: 'snapshot'; snapshot: CompareSnapshot } | { type: 'error'; message: string };

export type CompareToHost = { type: 'ready' } | { type: 'openRun'; runId: string };

export interface ComparePanelState {
  runIds: string[];
}
