import type * as vscode from 'vscode';
import type { ModelPanelState, ModelView, RunToHost, RunToWebview } from '../../../webview/shared/protocol';
import { Panel, type PanelServices } from '../panel';
import type { ModelViewActions } from './panel';

export const MODEL_VIEW_TYPE = 'mlflow.model';

/**
 * The Run panel's model view alone, for a model whose run is not in the active store (a version
 * registered from another server, a run deleted since): the same webview, without a run.
 */
export class ModelPanel extends Panel<RunToWebview, RunToHost> {
  private loaded: ModelView | undefined;

  constructor(
    services: PanelServices,
    panel: vscode.WebviewPanel,
    readonly state: ModelPanelState,
    private readonly actions: ModelViewActions,
  ) {
    super(services, panel, 'run');
  }

  /** Shows `view`, already loaded by whoever opened the panel. */
  async focus(view: ModelView): Promise<void> {
    this.loaded = view;
    this.reveal();
    await this.refresh();
  }

  protected async snapshot(): Promise<RunToWebview> {
    const model = this.loaded ?? (await this.actions.loadModel(this.state.model));
    this.loaded = undefined;
    this.panel.title = `Model ${model.title}`;
    return { type: 'model', model };
  }

  protected errorMessage(message: string): RunToWebview {
    return { type: 'error', message };
  }

  protected async handle(message: RunToHost): Promise<void> {
    if (message.type === 'openModelFile') await this.actions.openModelFile(message.ref);
  }
}
