import * as vscode from 'vscode';
import type { ChartsPanelState, ChartsToHost, ChartsToWebview } from '../../../webview/shared/protocol';
import { Panel, type PanelServices } from '../panel';
import { DEFAULT_MAX_POINTS, MAX_RUNS_PER_CHART, buildChartsSnapshot, fetchSeries, seriesCsv } from './snapshot';

export const CHARTS_VIEW_TYPE = 'mlflow.charts';

/** Metric curves of one or several runs; re-sent whole as running runs log new points. */
export class ChartsPanel extends Panel<ChartsToWebview, ChartsToHost> {
  private names: Record<string, string> = {};

  constructor(
    services: PanelServices,
    panel: vscode.WebviewPanel,
    readonly state: ChartsPanelState,
  ) {
    super(services, panel, 'charts');
  }

  /** Adds a metric to the charts shown (from the Run panel's metrics table). */
  async showMetric(metric: string): Promise<void> {
    if (!this.state.metrics.includes(metric)) this.state.metrics = [metric, ...this.state.metrics];
    await this.refresh();
  }

  protected async snapshot(): Promise<ChartsToWebview> {
    const snapshot = await buildChartsSnapshot(this.store(), this.state.runIds, this.state.metrics, DEFAULT_MAX_POINTS);
    this.names = Object.fromEntries(snapshot.runs.map((run) => [run.runId, run.name]));
    this.panel.title = snapshot.runs.length === 1 ? `Charts: ${snapshot.runs[0].name}` : `Charts: ${snapshot.runs.length} runs`;
    return { type: 'snapshot', snapshot };
  }

  protected errorMessage(message: string): ChartsToWebview {
    return { type: 'error', message };
  }

  protected async handle(message: ChartsToHost): Promise<void> {
    const charted = this.state.runIds.slice(0, MAX_RUNS_PER_CHART);
    switch (message.type) {
      case 'setMetrics':
        this.state.metrics = message.metrics;
        return this.refresh();
      case 'zoom': {
        const range = { startStep: Math.floor(message.startStep), endStep: Math.ceil(message.endStep) };
        const maxPoints = Math.min(Math.max(message.maxPoints, 50), 5000);
        const series = await fetchSeries(this.store(), charted, message.metric, maxPoints, range);
        await this.post({ type: 'zoomed', metric: message.metric, ...range, series, seq: message.seq });
        return;
      }
      case 'exportPng': {
        const base64 = message.dataUrl.replace(/^data:image\/png;base64,/, '');
        await this.save(`${message.metric}.png`, { 'PNG image': ['png'] }, Buffer.from(base64, 'base64'));
        return;
      }
      case 'exportCsv': {
        const series = await fetchSeries(this.store(), charted, message.metric, undefined);
        await this.save(`${message.metric}.csv`, { CSV: ['csv'] }, new TextEncoder().encode(seriesCsv(message.metric, series, this.names)));
        return;
      }
      case 'ready':
        return;
    }
  }

  private async save(fileName: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName.replace(/[^\w.-]+/g, '_')) : undefined,
      filters,
      title: `Save ${fileName}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    vscode.window.setStatusBarMessage(`Saved ${target.fsPath}`, 4000);
  }
}
