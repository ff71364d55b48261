/**
 * The model view: one registered version or logged model, its signature first (what callers of
 * the model need), then flavors, facts and the MLmodel itself. Shown at the top of the Run panel
 * of the run that produced the model, or alone when that run is not in the store.
 */
import type { ModelView, RunToHost } from '../shared/protocol';
import { button, h } from '../shared/dom';
import { mlmodelSummary, previewBody } from './artifacts';

export function renderModel(model: ModelView, post: (message: RunToHost) => void, runShown: boolean): HTMLElement {
  const { preview } = model;
  const actions = h(
    'div',
    { class: 'model-actions' },
    h('code', { class: 'model-uri' }, model.uri),
    button('Copy URI', () => post({ type: 'copy', text: model.uri }), { class: 'link-button' }),
    button('Open MLmodel', () => post({ type: 'openModelFile', ref: model.ref }), { title: 'Open the MLmodel in an editor, checked by the language server' }),
  );
  const run = !runShown && model.runId ? h('p', { class: 'muted' }, `Logged by run ${model.runId}, which is not in the active store.`) : undefined;
  const body = preview.kind === 'mlmodel' ? mlmodelSummary(preview.summary, preview.text, 'signatureFirst') : previewBody(preview);
  return h(
    'section',
    { class: 'section model-view', attrs: { 'aria-label': `Model ${model.title}`, 'data-model-uri': model.uri } },
    h('h2', {}, `Model ${model.title}`),
    actions,
    run,
    body,
  );
}
