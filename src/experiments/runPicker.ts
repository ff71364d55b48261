// Picking runs without the tree (Open Run, Chart Metrics, Compare Runs from the palette): the
// newest runs of the active store in a quick pick, searchable by name, experiment and ID, or run
// IDs typed or pasted.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import type { RunSummary } from '../mlflow/entities';
import { describeError } from '../log';
import { statusAppearance } from './model';

/** How many of the newest runs the pick offers; older ones are reached by their ID. */
export const RECENT_RUNS = 200;
/** A whole run ID (MLflow's are uuid4 hex): only then is typed text offered as a run of its own. */
const RUN_ID = /^[0-9a-f]{32}$/i;

interface RunItem extends vscode.QuickPickItem {
  runIds: string[];
}

/**
 * Asks for runs. Resolves with the picked run IDs (several when `many`), or undefined when the
 * user cancels. Typed IDs (comma or space separated) are offered as an item of their own, so a
 * run beyond the newest ones, or of another store, can still be opened.
 */
export async function pickRuns(connection: ConnectionManager, { title, many = false }: { title: string; many?: boolean }): Promise<string[] | undefined> {
  const pick = vscode.window.createQuickPick<RunItem>();
  pick.title = title;
  pick.placeholder = many ? 'Pick runs, or type run IDs separated by commas' : 'Pick a run, or type its ID';
  pick.canSelectMany = many;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  let recent: RunItem[] = [];
  const typedItem = (): RunItem[] => {
    const ids = pick.value.split(/[\s,]+/).filter(Boolean);
    if (!ids.length || !ids.every((id) => RUN_ID.test(id))) return [];
    if (ids.length === 1 && recent.some((item) => item.runIds[0] === ids[0])) return [];
    const label = ids.length === 1 ? `Open run ${ids[0]}` : `Use runs ${ids.join(', ')}`;
    return [{ label, runIds: ids, alwaysShow: true, iconPath: new vscode.ThemeIcon('symbol-key') }];
  };
  const show = () => (pick.items = [...typedItem(), ...recent]);
  const loading = new AbortController();
  void recentRuns(connection, loading.signal).then(
    (items) => {
      recent = items;
      if (!items.length) pick.placeholder = 'No runs in the active store: type a run ID';
      show();
    },
    (error: unknown) => {
      if (loading.signal.aborted) return;
      pick.placeholder = `Could not list runs (${describeError(error)}): type a run ID`;
    },
  ).finally(() => (pick.busy = false));

  return new Promise((resolve) => {
    const done = (runIds: string[] | undefined) => {
      loading.abort();
      resolve(runIds);
      pick.dispose();
    };
    pick.onDidChangeValue(show);
    pick.onDidAccept(() => {
      const chosen = many && pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
      const runIds = [...new Set(chosen.flatMap((item) => item.runIds))];
      if (runIds.length) done(runIds);
    });
    pick.onDidHide(() => done(undefined));
    pick.show();
  });
}

/** The newest runs across the active store's experiments, as pick items. */
async function recentRuns(connection: ConnectionManager, signal: AbortSignal): Promise<RunItem[]> {
  await connection.whenSettled();
  const state = connection.state;
  if (state.kind !== 'connected') return [];
  const experiments = (await state.store.searchExperiments({ maxResults: 1000 }, { signal })).items;
  if (!experiments.length) return [];
  const names = new Map(experiments.map((experiment) => [experiment.experimentId, experiment.name]));
  const runs = await state.store.searchRuns(
    { experimentIds: [...names.keys()], orderBy: ['attributes.start_time DESC'], maxResults: RECENT_RUNS },
    { signal },
  );
  return runs.items.map((run) => runItem(run, names.get(run.info.experimentId)));
}

function runItem(run: RunSummary, experiment: string | undefined): RunItem {
  const { runId, runName, status, startTime } = run.info;
  const appearance = statusAppearance(status);
  const started = startTime ? new Date(startTime).toLocaleString() : undefined;
  return {
    label: runName || runId,
    description: [experiment, appearance.label, started].filter(Boolean).join(' · '),
    detail: runId,
    iconPath: new vscode.ThemeIcon(appearance.icon, new vscode.ThemeColor(appearance.color)),
    runIds: [runId],
  };
}
