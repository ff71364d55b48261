import type * as vscode from 'vscode';
import type { ModelPanelState, ModelView, RunToHost, RunToWebview } from '../../../webview/shared/protocol';
import { Panel, type PanelServices } from '../panel';
import { copyToClipboard } from '../../clipboard';
import { ShownModel, type ModelViewActions } from './panel';

export const MODEL_VIEW_TYPE = 'mlflow.model';

/**
 * The Run panel's model view alone, for a model whose run is not in the active store (a version
 * registered from another server, a run deleted since): the same webview, without a run.
 */
export class ModelPanel extends Panel<RunToWebview, RunToHost> {
  private readonly shown: ShownModel;

  constructor(
    services: PanelServices,
    panel: vscode.WebviewPanel,
    readonly state: ModelPanelState,
    private readonly actions: ModelViewActions,
  ) {
    super(services, panel, 'run');
    this.shown = new ShownModel((ref) => actions.loadModel(ref));
  }

  /** Shows `view`, already loaded by whoever opened the panel. */
  async focus(view: ModelView): Promise<void> {
    this.shown.set(view);
    this.reveal();
    await this.refresh();
  }

  override storeChanged(): void {
    this.shown.forget();
  }

  protected async snapshot(): Promise<RunToWebview> {
    const model = await this.shown.get(this.state.model);
    this.panel.title = `Model ${model.title}`;
    return { type: 'model', model };
  }

  protected errorMessage(message: string): RunToWebview {
    return { type: 'error', message };
  }

  protected async handle(message: RunToHost): Promise<void> {
    // The model view's buttons; the run's own requests do not come from a model alone.
    if (message.type === 'openModelFile') await this.actions.openModelFile(message.ref);
    else if (message.type === 'copy') await copyToClipboard(message.text);
  }
}
