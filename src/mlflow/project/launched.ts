// Which run a launch created: the newest run of the launch's experiment that started since the
// launch did. Over any store (a server, the SQLite or file store); no vscode import.
import type { MlflowStore } from '../store';

/** The experiment a launch logs to: by name, by id, or MLflow's default one (id 0). */
export interface ExperimentRef {
  readonly name?: string;
  readonly id?: string;
}

export interface LaunchedRun {
  readonly runId: string;
  readonly experimentId: string;
}

/**
 * Asked again and again while a launch runs: the newest run of the launch's experiment started
 * at or after `since` (ms), or undefined — also while the named experiment does not exist yet
 * (MLflow creates it with the run). The experiment is looked up in the store's list until it is
 * there, then remembered (per store), so each further question is one run search.
 */
export class LaunchedRunLookup {
  private resolved: { readonly store: MlflowStore; readonly experimentId: string } | undefined;

  constructor(
    private readonly experiment: ExperimentRef,
    private readonly since: number,
  ) {}

  /**
   * `taken`: runs other launches already claimed — two launches into one experiment at once
   * each get a run of their own (which one gets which is by start order, not provable).
   */
  async find(store: MlflowStore, taken: ReadonlySet<string> = new Set()): Promise<LaunchedRun | undefined> {
    const experimentId = await this.experimentId(store);
    if (experimentId === undefined) return undefined;
    const page = await store.searchRuns({ experimentIds: [experimentId], orderBy: ['attributes.start_time DESC'], maxResults: taken.size + 1 });
    // The launcher's clock and the run writer's are the same machine's, give or take a second.
    const run = page.items.find((candidate) => !taken.has(candidate.info.runId) && (candidate.info.startTime ?? 0) >= this.since - 1000);
    return run ? { runId: run.info.runId, experimentId } : undefined;
  }

  private async experimentId(store: MlflowStore): Promise<string | undefined> {
    if (this.resolved?.store === store) return this.resolved.experimentId;
    const experiments = (await store.searchExperiments({ maxResults: 1000 })).items;
    const ref = this.experiment;
    const experiment = ref.name
      ? experiments.find((candidate) => candidate.name === ref.name)
      : experiments.find((candidate) => candidate.experimentId === (ref.id ?? '0'));
    if (experiment) this.resolved = { store, experimentId: experiment.experimentId };
    return experiment?.experimentId;
  }
}
