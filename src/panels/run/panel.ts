import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelRef, ModelView, RunPanelState, RunToHost, RunToWebview } from '../../../webview/shared/protocol';
import { copyToClipboard } from '../../clipboard';
import { resolveSourceFile } from '../../experiments/source';
import { MLFLOW_TAGS, type Run } from '../../mlflow/entities';
import { Panel, type PanelServices } from '../panel';
import { previewArtifact } from './artifacts';
import { buildRunSnapshot, toArtifactNodes } from './snapshot';

export const RUN_VIEW_TYPE = 'mlflow.run';

/** What the Run panel asks of the other panels and the workbench. */
export interface RunPanelActions extends ModelViewActions {
  openRun(runId: string): void;
  chartMetric(runId: string, key: string): void;
}

/** The model view's data and its "Open MLmodel" (the models feature provides both). */
export interface ModelViewActions {
  loadModel(ref: ModelRef): Promise<ModelView>;
  openModelFile(ref: ModelRef): Promise<void>;
}

/**
 * The model view a panel shows, read once per model: a refresh for new metrics or artifacts (a
 * running run on a local store writes often) shows it again without reading the registry and the
 * MLmodel again. Read again for another model, after the store changed, or when it could not be read.
 */
export class ShownModel {
  private view: ModelView | undefined;
  /** Just loaded by whoever focused the model: shown as it is, even when it says why it could not be read. */
  private fresh = false;

  constructor(private readonly load: (ref: ModelRef) => Promise<ModelView>) {}

  set(view: ModelView): void {
    this.view = view;
    this.fresh = true;
  }

  forget(): void {
    this.view = undefined;
  }

  async get(ref: ModelRef): Promise<ModelView> {
    const fresh = this.fresh;
    this.fresh = false;
    if (this.view && sameModel(this.view.ref, ref) && (fresh || this.view.preview.kind !== 'error')) return this.view;
    this.view = await this.load(ref);
    return this.view;
  }
}

function sameModel(a: ModelRef, b: ModelRef): boolean {
  if (a.kind === 'version') return b.kind === 'version' && a.name === b.name && a.version === b.version;
  return b.kind === 'logged' && a.modelId === b.modelId && a.experimentId === b.experimentId;
}

/** One run: overview, note, params, metrics, tags, inputs, models and artifacts; optionally one model's view first. */
export class RunPanel extends Panel<RunToWebview, RunToHost> {
  private model: ModelRef | undefined;
  private readonly shownModel: ShownModel;
  /** The run as whoever focused a model just read it (to know it exists), used by the next snapshot instead of reading it again. */
  private fetchedRun: Run | undefined;

  constructor(
    services: PanelServices,
    panel: vscode.WebviewPanel,
    readonly state: RunPanelState,
    private readonly actions: RunPanelActions,
  ) {
    super(services, panel, 'run');
    this.model = state.model;
    this.shownModel = new ShownModel((ref) => actions.loadModel(ref));
  }

  /** Shows `view` (a model this run produced) at the top of the panel, revealed and scrolled to; `run` when the caller read it already. */
  async focusModel(view: ModelView, run?: Run): Promise<void> {
    this.model = view.ref;
    this.shownModel.set(view);
    this.fetchedRun = run;
    this.reveal();
    await this.refresh();
  }

  override storeChanged(): void {
    this.shownModel.forget();
  }

  protected async snapshot(): Promise<RunToWebview> {
    const run = this.fetchedRun;
    this.fetchedRun = undefined;
    const [snapshot, model] = await Promise.all([
      buildRunSnapshot(this.store(), this.state.runId, { run, sourceInWorkspace: async (source) => (await sourceFile(source)) !== undefined }),
      this.model && this.shownModel.get(this.model),
    ]);
    this.panel.title = `Run ${snapshot.run.name}`;
    return { type: 'snapshot', snapshot: model ? { ...snapshot, model } : snapshot };
  }

  protected errorMessage(message: string): RunToWebview {
    return { type: 'error', message };
  }

  protected async handle(message: RunToHost): Promise<void> {
    const runId = this.state.runId;
    switch (message.type) {
      case 'listArtifacts': {
        const entries = await this.store().listArtifacts(runId, message.path);
        await this.post({ type: 'artifactChildren', path: message.path, children: toArtifactNodes(entries) });
        return;
      }
      case 'previewArtifact': {
        const parent = message.path.includes('/') ? message.path.slice(0, message.path.lastIndexOf('/')) : '';
        const entry = (await this.store().listArtifacts(runId, parent).catch(() => [])).find((e) => e.path === message.path);
        await this.post({ type: 'artifactPreview', preview: await previewArtifact(this.store(), runId, message.path, entry?.fileSize) });
        return;
      }
      case 'openArtifact':
        return this.openArtifact(message.path);
      case 'openRun':
        return this.actions.openRun(message.runId);
      case 'chartMetric':
        return this.actions.chartMetric(runId, message.key);
      case 'openSource': {
        const run = await this.store().getRun(runId);
        const source = run.data.tags.find((t) => t.key === MLFLOW_TAGS.sourceName)?.value;
        const file = source && (await sourceFile(source));
        if (file) await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.Beside });
        else void vscode.window.showWarningMessage(`MLflow: the run's source ${source ?? ''} is not in this workspace.`);
        return;
      }
      case 'openModelFile':
        return this.actions.openModelFile(message.ref);
      case 'copy':
        return copyToClipboard(message.text);
      case 'ready':
        return;
    }
  }

  /** Opens an artifact in a VS Code editor: the local file when there is one, else a read-only copy. */
  private async openArtifact(file: string): Promise<void> {
    const store = this.store();
    const directory = await store.localArtifactDirectory(this.state.runId);
    if (directory) {
      const uri = vscode.Uri.file(path.join(directory, ...file.split('/')));
      await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return;
    }
    const bytes = await store.readArtifact(this.state.runId, file);
    const document = await vscode.workspace.openTextDocument({ content: new TextDecoder().decode(bytes) });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

async function sourceFile(source: string): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return resolveSourceFile(source, folders);
}
