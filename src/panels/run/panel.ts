import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunPanelState, RunToHost, RunToWebview } from '../../../webview/shared/protocol';
import { resolveSourceFile } from '../../experiments/source';
import { MLFLOW_TAGS } from '../../mlflow/entities';
import { Panel, type PanelServices } from '../panel';
import { previewArtifact } from './artifacts';
import { buildRunSnapshot, toArtifactNodes } from './snapshot';

export const RUN_VIEW_TYPE = 'mlflow.run';

/** What the Run panel asks of the other panels and the workbench. */
export interface RunPanelActions {
  openRun(runId: string): void;
  chartMetric(runId: string, key: string): void;
}

/** One run: overview, note, params, metrics, tags, inputs, models and artifacts. */
export class RunPanel extends Panel<RunToWebview, RunToHost> {
  constructor(
    services: PanelServices,
    panel: vscode.WebviewPanel,
    readonly state: RunPanelState,
    private readonly actions: RunPanelActions,
  ) {
    super(services, panel, 'run');
  }

  protected async snapshot(): Promise<RunToWebview> {
    const snapshot = await buildRunSnapshot(this.store(), this.state.runId, {
      sourceInWorkspace: async (source) => (await sourceFile(source)) !== undefined,
    });
    this.panel.title = `Run ${snapshot.run.name}`;
    return { type: 'snapshot', snapshot };
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
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage(`Copied ${message.text}`, 3000);
        return;
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
