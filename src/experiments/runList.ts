/**
 * The runs of one experiment as the view shows them: the query the user set (filter, order,
 * deleted runs) and the pages loaded so far. Plain TypeScript over `MlflowStore`.
 */
import type { RunSummary } from '../mlflow/entities';
import { StoreError } from '../mlflow/errors';
import type { MlflowStore } from '../mlflow/store';
import { buildRunForest, type DescriptionKey, type RunForest } from './model';

export interface RunQuery {
  filter: string;
  /** MLflow order_by clauses, e.g. `metrics.rmse ASC`; empty means newest first. */
  orderBy: string[];
  showDeleted: boolean;
}

export const DEFAULT_QUERY: RunQuery = { filter: '', orderBy: [], showDeleted: false };

export class RunList {
  private runs: RunSummary[] = [];
  private nextPageToken: string | undefined;
  private loaded = false;
  private inFlight: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private lastError: StoreError | Error | undefined;
  private forestCache: RunForest | undefined;

  constructor(
    readonly experimentId: string,
    public query: RunQuery = DEFAULT_QUERY,
  ) {}

  get isLoaded(): boolean {
    return this.loaded;
  }

  get hasMore(): boolean {
    return this.nextPageToken !== undefined;
  }

  get error(): StoreError | Error | undefined {
    return this.lastError;
  }

  get loadedRuns(): readonly RunSummary[] {
    return this.runs;
  }

  get forest(): RunForest {
    this.forestCache ??= buildRunForest(this.runs);
    return this.forestCache;
  }

  /** The metric or param the order highlights, so the view can show its value per run. */
  get highlight(): DescriptionKey | undefined {
    const first = this.query.orderBy[0];
    const match = first && /^(metrics?|params?|parameters?)\.(.+?)(\s+(asc|desc))?$/i.exec(first.trim());
    if (!match) return undefined;
    const key = match[2].replace(/^[`"](.*)[`"]$/, '$1');
    return { entity: match[1].toLowerCase().startsWith('metric') ? 'metric' : 'param', key };
  }

  /** Changes the query; the next `ensureLoaded` starts over and cancels what is in flight. */
  setQuery(query: RunQuery): void {
    this.query = query;
    this.runs = [];
    this.nextPageToken = undefined;
    this.invalidate();
  }

  /** Forgets loaded pages (the store changed) but keeps the query. */
  invalidate(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.inFlight = undefined;
    this.loaded = false;
  }

  /** Loads the first page (or, after `invalidate`, as many runs as were shown before). */
  ensureLoaded(store: MlflowStore, pageSize: number): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.inFlight ??= this.fetch(store, Math.max(pageSize, this.runs.length), undefined, false);
    return this.inFlight;
  }

  loadMore(store: MlflowStore, pageSize: number): Promise<void> {
    if (!this.nextPageToken) return Promise.resolve();
    this.inFlight ??= this.fetch(store, pageSize, this.nextPageToken, true);
    return this.inFlight;
  }

  private async fetch(store: MlflowStore, maxResults: number, pageToken: string | undefined, append: boolean): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    try {
      const page = await store.searchRuns(
        {
          experimentIds: [this.experimentId],
          filter: this.query.filter || undefined,
          orderBy: this.query.orderBy.length ? this.query.orderBy : undefined,
          viewType: this.query.showDeleted ? 'ALL' : 'ACTIVE_ONLY',
          maxResults,
          pageToken,
        },
        { signal: abort.signal },
      );
      if (abort.signal.aborted) return;
      this.runs = append ? [...this.runs, ...page.items] : page.items;
      this.nextPageToken = page.nextPageToken;
      this.lastError = undefined;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.lastError = error instanceof Error ? error : new Error(String(error));
      if (!append) {
        this.runs = [];
        this.nextPageToken = undefined;
      }
    } finally {
      if (this.abort === abort) {
        this.forestCache = undefined;
        this.loaded = true;
        this.inFlight = undefined;
        this.abort = undefined;
      }
    }
  }
}
