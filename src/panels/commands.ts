import * as vscode from 'vscode';
import type { ChartsPanelState, ComparePanelState, ModelPanelState, ModelRef, RunPanelState } from '../../webview/shared/protocol';
import { pickRuns } from '../experiments/runPicker';
import type { ExperimentsNode, RunNode } from '../experiments/tree';
import type { Run } from '../mlflow/entities';
import { CHARTS_VIEW_TYPE, ChartsPanel } from './charts/panel';
import { COMPARE_VIEW_TYPE, ComparePanel } from './compare/panel';
import { describe, PanelRegistry, type PanelServices } from './panel';
import { MODEL_VIEW_TYPE, ModelPanel } from './run/modelPanel';
import { RUN_VIEW_TYPE, RunPanel, type ModelViewActions } from './run/panel';

/** A run as commands receive it: a tree node, a run id, or nothing (then we ask). */
type RunArgument = RunNode | string | { runId: string } | undefined;

/**
 * The Run, Charts and Compare panels: their registries (one panel per run / set of runs, restored
 * after a reload) and the commands that open them.
 */
export class Panels implements vscode.Disposable {
  readonly runs: PanelRegistry<RunPanel, RunPanelState>;
  readonly charts: PanelRegistry<ChartsPanel, ChartsPanelState>;
  readonly compare: PanelRegistry<ComparePanel, ComparePanelState>;
  readonly models: PanelRegistry<ModelPanel, ModelPanelState>;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly services: PanelServices,
    private readonly modelViews: ModelViewActions & { keyOf(ref: ModelRef): string },
  ) {
    const actions = {
      openRun: (runId: string) => void this.openRun(runId),
      chartMetric: (runId: string, key: string) => void this.chart([runId], key),
      loadModel: (ref: ModelRef) => modelViews.loadModel(ref),
      openModelFile: (ref: ModelRef) => modelViews.openModelFile(ref),
    };
    this.runs = new PanelRegistry(RUN_VIEW_TYPE, services, (panel, state) => new RunPanel(services, panel, state, actions), (s) => s.runId);
    this.models = new PanelRegistry(MODEL_VIEW_TYPE, services, (panel, state) => new ModelPanel(services, panel, state, actions), (s) => modelViews.keyOf(s.model));
    this.charts = new PanelRegistry(CHARTS_VIEW_TYPE, services, (panel, state) => new ChartsPanel(services, panel, state), (s) => s.runIds.join(','));
    this.compare = new PanelRegistry(
      COMPARE_VIEW_TYPE,
      services,
      (panel, state) => new ComparePanel(services, panel, state, actions.openRun),
      (s) => [...s.runIds].sort().join(','),
    );
    this.disposables = [
      this.runs,
      this.charts,
      this.compare,
      this.models,
      vscode.commands.registerCommand('mlflow.openRun', (node?: RunArgument) => this.openRun(node)),
      vscode.commands.registerCommand('mlflow.showModel', async (ref: ModelRef) => {
        try {
          return await this.showModel(ref);
        } catch (error) {
          void vscode.window.showErrorMessage(`MLflow: ${describe(error)}`);
          return undefined;
        }
      }),
      vscode.commands.registerCommand('mlflow.chartMetrics', async (node?: RunArgument, selection?: ExperimentsNode[]) => {
        const runIds = await this.selectedRunIds('Chart Metrics', node, selection);
        return runIds.length ? this.chart(runIds) : undefined;
      }),
      vscode.commands.registerCommand('mlflow.compareRuns', async (node?: RunArgument, selection?: ExperimentsNode[]) => {
        const runIds = await this.selectedRunIds('Compare Runs', node, selection);
        if (!runIds.length) return;
        if (runIds.length < 2) {
          void vscode.window.showInformationMessage('MLflow: comparing needs two or more runs: select them in the Experiments view, or pick them.');
          return;
        }
        return this.compare.show({ runIds }, `Compare ${runIds.length} runs`);
      }),
    ];
  }

  async openRun(argument?: RunArgument): Promise<RunPanel | undefined> {
    const runId = runIdOf(argument) ?? (await pickRuns(this.services.connection, { title: 'Open Run' }))?.[0];
    if (!runId) return undefined;
    const name = typeof argument === 'object' && 'kind' in argument ? argument.run.info.runName : runId;
    return this.runs.show({ runId }, `Run ${name}`);
  }

  /**
   * A model's view (signature, flavors, facts): at the top of the Run panel of the run that
   * produced it, or alone when that run is not in the active store. The run read to tell is the
   * one the Run panel shows: it does not read it again.
   */
  async showModel(ref: ModelRef): Promise<RunPanel | ModelPanel> {
    const view = await this.modelViews.loadModel(ref);
    const run = view.runId ? await this.readRun(view.runId) : undefined;
    if (run) {
      const panel = this.runs.show({ runId: run.info.runId, model: ref }, `Run ${run.info.runName || run.info.runId}`);
      await panel.focusModel(view, run);
      return panel;
    }
    const panel = this.models.show({ model: ref }, `Model ${view.title}`);
    await panel.focus(view);
    return panel;
  }

  /** The run, or undefined when the active store does not have it. */
  private async readRun(runId: string): Promise<Run | undefined> {
    const state = this.services.connection.state;
    if (state.kind !== 'connected') return undefined;
    return state.store.getRun(runId).catch(() => undefined);
  }

  async chart(runIds: string[], metric?: string): Promise<ChartsPanel> {
    const panel = this.charts.show({ runIds, metrics: metric ? [metric] : [] }, runIds.length === 1 ? 'Charts' : `Charts: ${runIds.length} runs`);
    if (metric) await panel.showMetric(metric);
    return panel;
  }

  /** The runs selected in the tree (a context-menu command gets the clicked node and the selection), else picked. */
  private async selectedRunIds(title: string, node: RunArgument, selection?: ExperimentsNode[]): Promise<string[]> {
    const fromSelection = (selection ?? []).filter((item): item is RunNode => item.kind === 'run').map((item) => item.run.info.runId);
    if (fromSelection.length) return fromSelection;
    const single = runIdOf(node);
    if (single) return [single];
    return (await pickRuns(this.services.connection, { title, many: true })) ?? [];
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function runIdOf(argument: RunArgument): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument && 'kind' in argument) return argument.kind === 'run' ? argument.run.info.runId : undefined;
  return argument?.runId;
}
