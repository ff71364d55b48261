import type * as vscode from 'vscode';
import type { ComparePanelState, CompareToHost, CompareToWebview } from '../../../webview/shared/protocol';
import { Panel, type PanelServices } from '../panel';
import { buildCompareSnapshot } from './snapshot';

export const COMPARE_VIEW_TYPE = 'mlflow.compare';

/** Two or more runs side by side: params, metrics and tags, with plots across them. */
export class ComparePanel extends Panel<CompareToWebview, CompareToHost> {
  constructor(
    services: PanelServices,
    panel: vscode.WebviewPanel,
    readonly state: ComparePanelState,
    private readonly openRun: (runId: string) => void,
  ) {
    super(services, panel, 'compare');
  }

  protected async snapshot(): Promise<CompareToWebview> {
    const snapshot = await buildCompareSnapshot(this.store(), this.state.runIds);
    this.panel.title = `Compare ${snapshot.runs.length} runs`;
    return { type: 'snapshot', snapshot };
  }

  protected errorMessage(message: string): CompareToWebview {
    return { type: 'error', message };
  }

  protected async handle(message: CompareToHost): Promise<void> {
    if (message.type === 'openRun') this.openRun(message.runId);
  }
}
