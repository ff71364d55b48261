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
 * The newest run of the experiment started at or after `since` (ms), or undefined — also when
 * the named experiment does not exist yet (MLflow creates it with the run).
 */
export async function launchedRun(store: MlflowStore, experimentRef: ExperimentRef, since: number): Promise<LaunchedRun | undefined> {
  const experiments = (await store.searchExperiments({ maxResults: 1000 })).items;
  const experiment = experimentRef.name
    ? experiments.find((candidate) => candidate.name === experimentRef.name)
    : experiments.find((candidate) => candidate.experimentId === (experimentRef.id ?? '0'));
  if (!experiment) return undefined;
  const page = await store.searchRuns({ experimentIds: [experiment.experimentId], orderBy: ['attributes.start_time DESC'], maxResults: 1 });
  const run = page.items[0];
  // The launcher's clock and the run writer's are the same machine's, give or take a second.
  return run && (run.info.startTime ?? 0) >= since - 1000 ? { runId: run.info.runId, experimentId: experiment.experimentId } : undefined;
}
