import type { RunPanelState, RunSnapshot, RunToHost, RunToWebview } from '../shared/protocol';
import { connect } from '../shared/host';
import { replace, showError } from '../shared/dom';
import { ArtifactsView } from './artifacts';
import { renderRun } from './sections';

const root = document.getElementById('app')!;
let artifacts: ArtifactsView | undefined;

const host = connect<RunToWebview, RunToHost, RunPanelState>((message) => {
  switch (message.type) {
    case 'snapshot':
      return show(message.snapshot);
    case 'artifactChildren':
      return artifacts?.children(message.path, message.children);
    case 'artifactPreview':
      return artifacts?.showPreview(message.preview);
    case 'error':
      return showError(root, message.message);
  }
});

function show(snapshot: RunSnapshot): void {
  host.saveState({ runId: snapshot.run.runId });
  // Keep the artifact selection and scroll position across live refreshes.
  artifacts ??= new ArtifactsView(host.post);
  const scroll = window.scrollY;
  replace(root, ...renderRun(snapshot, host.post, artifacts));
  artifacts.show(snapshot.artifacts);
  root.setAttribute('aria-busy', 'false');
  window.scrollTo(0, scroll);
}
