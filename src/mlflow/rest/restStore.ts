/**
 * MlflowStore over a tracking server's REST API (`mlflow server`, a team server behind auth,
 * Databricks). Plain Node: every request goes from the extension host, never a webview (the
 * server's security middleware blocks foreign origins).
 */
import type { ArtifactEntry, Experiment, LoggedModel, MetricPoint, ModelVersion, RegisteredModel, Run, RunSummary } from '../entities';
import { downsampleMetric } from '../sampling';
import type {
  CallOptions,
  MetricHistoryRequest,
  Page,
  SearchExperimentsRequest,
  SearchRunsRequest,
  StoreCapabilities,
  RegistryWritableStore,
  StoreDescription,
  WritableStore,
} from '../store';
import { listArtifacts, listLoggedModelArtifacts, readArtifact, readLoggedModelArtifact } from './artifacts';
import { detectServer, isMissingEndpoint, majorVersion, type ServerInfo } from './detect';
import { fullHistory, sampledHistories, type SampledHistoryRequest } from './history';
import { HttpClient } from './http';
import type { RestStoreOptions } from './options';
import { API, get, search } from './paging';
import { toExperiment, toRun, type Json } from './protoJson';
import * as registry from './registry';
import { RestRegistryWrites } from './registryWrites';

/** Page sizes when the caller gives none: MLflow's own defaults for runs, the UI's for experiments. */
const DEFAULT_RUNS_PAGE = 1_000;
const DEFAULT_EXPERIMENTS_PAGE = 100;

/** Connects: checks the server answers (and accepts the credentials) and learns what it has. */
export async function openRestStore(options: RestStoreOptions, callOptions?: CallOptions): Promise<RestStore> {
  const http = new HttpClient(options);
  const info = await detectServer(http, callOptions);
  return new RestStore(http, info, options.workspace);
}

export class RestStore implements WritableStore, RegistryWritableStore {
  readonly description: StoreDescription;
  readonly registryWrites: RestRegistryWrites;
  private serverSampling = true;
  private loggedModels: boolean;
  /** Artifact URIs of runs already read, for the proxied-artifact fallback. */
  private readonly artifactUris = new Map<string, string>();

  constructor(
    private readonly http: HttpClient,
    readonly serverInfo: ServerInfo,
    workspace?: string,
  ) {
    const major = majorVersion(serverInfo);
    this.loggedModels = major === undefined || major >= 3;
    const details: Record<string, string> = {};
    if (serverInfo.version) details.serverVersion = serverInfo.version;
    if (serverInfo.storeType) details.storeType = serverInfo.storeType;
    if (workspace) details.workspace = workspace;
    this.description = { kind: 'rest', label: http.server, location: http.server, details };
    this.registryWrites = new RestRegistryWrites(http);
  }

  /** Server-side sampling and logged models turn off when the server turns out not to have them. */
  get capabilities(): StoreCapabilities {
    return { writable: true, serverSideSampling: this.serverSampling, registry: true, loggedModels: this.loggedModels, datasets: true };
  }

  async searchExperiments(request: SearchExperimentsRequest, options?: CallOptions): Promise<Page<Experiment>> {
    const body: Json = { max_results: request.maxResults ?? DEFAULT_EXPERIMENTS_PAGE };
    if (request.filter) body.filter = request.filter;
    if (request.viewType && request.viewType !== 'ACTIVE_ONLY') body.view_type = request.viewType;
    if (request.pageToken) body.page_token = request.pageToken;
    const page = await this.http.json<Json>(search('experiments/search', body, options, !!request.filter));
    return toPage(page, 'experiments', toExperiment);
  }

  async getExperiment(experimentId: string, options?: CallOptions): Promise<Experiment> {
    const answer = await this.http.json<Json>(get('experiments/get', { experiment_id: experimentId }, options));
    return toExperiment(answer.experiment as Json);
  }

  async getExperimentByName(name: string, options?: CallOptions): Promise<Experiment> {
    const answer = await this.http.json<Json>(get('experiments/get-by-name', { experiment_name: name }, options));
    return toExperiment(answer.experiment as Json);
  }

  async searchRuns(request: SearchRunsRequest, options?: CallOptions): Promise<Page<RunSummary>> {
    const body: Json = { experiment_ids: request.experimentIds, max_results: request.maxResults ?? DEFAULT_RUNS_PAGE };
    if (request.filter) body.filter = request.filter;
    if (request.orderBy?.length) body.order_by = request.orderBy;
    if (request.viewType && request.viewType !== 'ACTIVE_ONLY') body.run_view_type = request.viewType;
    if (request.pageToken) body.page_token = request.pageToken;
    const page = await this.http.json<Json>(search('runs/search', body, options, !!(request.filter || request.orderBy?.length)));
    return toPage(page, 'runs', (r) => this.remember(toRun(r)));
  }

  async getRun(runId: string, options?: CallOptions): Promise<Run> {
    const answer = await this.http.json<Json>(get('runs/get', { run_id: runId }, options));
    return this.remember(toRun(answer.run as Json));
  }

  async getMetricHistory(request: MetricHistoryRequest, options?: CallOptions): Promise<MetricPoint[]> {
    const { runId, metricKey, maxPoints, startStep, endStep } = request;
    const oneSided = (startStep === undefined) !== (endStep === undefined);
    if (maxPoints !== undefined && this.serverSampling && !oneSided) {
      const steps = startStep !== undefined && endStep !== undefined ? { start: startStep, end: endStep } : undefined;
      const sampled = await this.trySampled({ runIds: [runId], metricKey, maxPoints, steps }, options);
      if (sampled) return sampled.get(runId) ?? [];
    }
    const points = (await fullHistory(this.http, runId, metricKey, options)).filter(
      (p) => (startStep === undefined || p.step >= startStep) && (endStep === undefined || p.step <= endStep),
    );
    return maxPoints === undefined ? points : downsampleMetric(points, maxPoints);
  }

  /**
   * Sampled histories of many runs in one request per 100 runs (charts of a sweep); falls back
   * to full histories sampled here when the server has no `get-history-bulk-interval`.
   */
  async getSampledHistories(request: SampledHistoryRequest, options?: CallOptions): Promise<Map<string, MetricPoint[]>> {
    const sampled = this.serverSampling ? await this.trySampled(request, options) : undefined;
    if (sampled) return sampled;
    const entries = await Promise.all(
      request.runIds.map(async (runId) => {
        const points = await this.getMetricHistory({ runId, metricKey: request.metricKey, maxPoints: request.maxPoints }, options);
        return [runId, points] as const;
      }),
    );
    return new Map(entries);
  }

  listArtifacts(runId: string, path?: string, options?: CallOptions): Promise<ArtifactEntry[]> {
    return listArtifacts(this.http, runId, path, options);
  }

  readArtifact(runId: string, path: string, maxBytes?: number, options?: CallOptions): Promise<Uint8Array> {
    const artifactUri = async () => this.artifactUris.get(runId) ?? (await this.getRun(runId, options)).info.artifactUri;
    return readArtifact(this.http, runId, path, maxBytes, artifactUri, options);
  }

  async localArtifactDirectory(): Promise<string | undefined> {
    return undefined;
  }

  async searchLoggedModels(experimentIds: string[], options?: CallOptions): Promise<LoggedModel[]> {
    if (!this.loggedModels || experimentIds.length === 0) return [];
    try {
      return await registry.searchLoggedModels(this.http, experimentIds, options);
    } catch (error) {
      if (!isMissingEndpoint(error)) throw error;
      this.loggedModels = false;
      return [];
    }
  }

  getLoggedModel(modelId: string, options?: CallOptions): Promise<LoggedModel> {
    return registry.getLoggedModel(this.http, modelId, options);
  }

  listLoggedModelArtifacts(modelId: string, path?: string, options?: CallOptions): Promise<ArtifactEntry[]> {
    return listLoggedModelArtifacts(this.http, modelId, path, options);
  }

  readLoggedModelArtifact(modelId: string, path: string, maxBytes?: number, options?: CallOptions): Promise<Uint8Array> {
    return readLoggedModelArtifact(this.http, modelId, path, maxBytes, options);
  }

  searchRegisteredModels(filter?: string, options?: CallOptions): Promise<RegisteredModel[]> {
    return registry.searchRegisteredModels(this.http, filter, options);
  }

  getRegisteredModel(name: string, options?: CallOptions): Promise<RegisteredModel> {
    return registry.getRegisteredModel(this.http, name, options);
  }

  searchModelVersions(modelName: string, options?: CallOptions): Promise<ModelVersion[]> {
    return registry.searchModelVersions(this.http, modelName, options);
  }

  getModelVersion(name: string, version: string, options?: CallOptions): Promise<ModelVersion> {
    return registry.getModelVersion(this.http, name, version, options);
  }

  async createExperiment(name: string, artifactLocation?: string, options?: CallOptions): Promise<string> {
    const body: Json = { name };
    if (artifactLocation) body.artifact_location = artifactLocation;
    const answer = await this.write('experiments/create', body, options);
    return String(answer.experiment_id);
  }

  async renameExperiment(experimentId: string, newName: string, options?: CallOptions): Promise<void> {
    await this.write('experiments/update', { experiment_id: experimentId, new_name: newName }, options);
  }

  async deleteExperiment(experimentId: string, options?: CallOptions): Promise<void> {
    await this.write('experiments/delete', { experiment_id: experimentId }, options);
  }

  async restoreExperiment(experimentId: string, options?: CallOptions): Promise<void> {
    await this.write('experiments/restore', { experiment_id: experimentId }, options);
  }

  async setExperimentTag(experimentId: string, key: string, value: string, options?: CallOptions): Promise<void> {
    await this.write('experiments/set-experiment-tag', { experiment_id: experimentId, key, value }, options);
  }

  async deleteExperimentTag(experimentId: string, key: string, options?: CallOptions): Promise<void> {
    await this.write('experiments/delete-experiment-tag', { experiment_id: experimentId, key }, options);
  }

  async deleteRun(runId: string, options?: CallOptions): Promise<void> {
    await this.write('runs/delete', { run_id: runId }, options);
  }

  async restoreRun(runId: string, options?: CallOptions): Promise<void> {
    await this.write('runs/restore', { run_id: runId }, options);
  }

  async setRunTag(runId: string, key: string, value: string, options?: CallOptions): Promise<void> {
    await this.write('runs/set-tag', { run_id: runId, key, value }, options);
  }

  async deleteRunTag(runId: string, key: string, options?: CallOptions): Promise<void> {
    await this.write('runs/delete-tag', { run_id: runId, key }, options);
  }

  /** REST has no push: the views poll what may change (running runs). */
  onDidChange(): () => void {
    return () => undefined;
  }

  async dispose(): Promise<void> {
    this.artifactUris.clear();
    this.http.dispose();
  }

  private write(path: string, body: Json, options?: CallOptions): Promise<Json> {
    return this.http.json<Json>({ method: 'POST', path: `${API}/${path}`, body, idempotent: false, signal: options?.signal });
  }

  private async trySampled(request: SampledHistoryRequest, options?: CallOptions): Promise<Map<string, MetricPoint[]> | undefined> {
    try {
      return await sampledHistories(this.http, request, options);
    } catch (error) {
      if (!isMissingEndpoint(error)) throw error;
      this.serverSampling = false;
      return undefined;
    }
  }

  private remember(run: Run): Run {
    // A bound, so a long session of searches cannot grow it without end; a miss costs one runs/get.
    if (this.artifactUris.size >= 10_000) this.artifactUris.clear();
    if (run.info.artifactUri) this.artifactUris.set(run.info.runId, run.info.artifactUri);
    return run;
  }
}

function toPage<T>(page: Json, key: string, map: (item: Json) => T): Page<T> {
  const items = Array.isArray(page[key]) ? (page[key] as Json[]).map(map) : [];
  return typeof page.next_page_token === 'string' && page.next_page_token ? { items, nextPageToken: page.next_page_token } : { items };
}
