import type { ModelPanelState, ModelView, RunPanelState, RunSnapshot, RunToHost, RunToWebview } from '../shared/protocol';
import { connect } from '../shared/host';
import { h, replace, showError } from '../shared/dom';
import { ArtifactsView } from './artifacts';
import { renderModel } from './model';
import { renderRun } from './sections';

const root = document.getElementById('app')!;
let artifacts: ArtifactsView | undefined;
/** The model view last scrolled to: a live refresh keeps the reader's scroll position instead. */
let focusedModel: string | undefined;

const host = connect<RunToWebview, RunToHost, RunPanelState | ModelPanelState>((message) => {
  switch (message.type) {
    case 'snapshot':
      return show(message.snapshot);
    case 'artifactChildren':
      return artifacts?.children(message.path, message.children);
    case 'artifactPreview':
      return artifacts?.showPreview(message.preview);
    case 'model':
      return showModel(message.model);
    case 'error':
      return showError(root, message.message);
  }
});

function show(snapshot: RunSnapshot): void {
  host.saveState(snapshot.model ? { runId: snapshot.run.runId, model: snapshot.model.ref } : { runId: snapshot.run.runId });
  // Keep the artifact selection and scroll position across live refreshes.
  artifacts ??= new ArtifactsView(host.post);
  const scroll = window.scrollY;
  replace(root, ...renderRun(snapshot, host.post, artifacts));
  artifacts.show(snapshot.artifacts);
  root.setAttribute('aria-busy', 'false');
  if (!focusModel(snapshot.model)) window.scrollTo(0, scroll);
}

/** A model without its run: the model view alone. */
function showModel(model: ModelView): void {
  host.saveState({ model: model.ref });
  replace(root, h('header', { class: 'run-header' }, h('h1', { class: 'run-name' }, model.title)), renderModel(model, host.post, false));
  root.setAttribute('aria-busy', 'false');
  focusModel(model);
}

/** Scrolls to a newly shown model view (right below the run's header); false when it was shown already (or there is none). */
function focusModel(model: ModelView | undefined): boolean {
  if (!model || model.uri === focusedModel) return false;
  focusedModel = model.uri;
  window.scrollTo(0, 0);
  return true;
}
