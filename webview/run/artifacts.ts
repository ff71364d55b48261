/**
 * The artifacts tree (folders listed on demand) and the preview beside it. Every name and every
 * byte of content goes in as text.
 */
import type { ArtifactNode, ArtifactPreview, MlmodelSummary, RunToHost, SignatureColumn } from '../shared/protocol';
import { button, formatBytes, h, keyValueTable, replace } from '../shared/dom';
import { highlighted } from './highlight';

export class ArtifactsView {
  readonly element: HTMLElement;
  private readonly tree = h('ul', { class: 'artifact-tree', attrs: { role: 'tree', 'aria-label': 'Artifacts' } });
  private readonly preview = h('div', { class: 'artifact-preview', attrs: { 'aria-live': 'polite' } });
  private readonly folders = new Map<string, HTMLUListElement>();
  private selected = '';

  constructor(private readonly post: (message: RunToHost) => void) {
    this.element = h('div', { class: 'artifacts' }, this.tree, this.preview);
  }

  show(roots: ArtifactNode[]): void {
    this.folders.clear();
    if (!roots.length) {
      replace(this.tree, h('li', { class: 'muted' }, 'No artifacts'));
      replace(this.preview);
      return;
    }
    replace(this.tree, ...roots.map((node) => this.item(node)));
    if (this.selected) this.post({ type: 'previewArtifact', path: this.selected });
  }

  children(path: string, nodes: ArtifactNode[]): void {
    const list = this.folders.get(path);
    if (list) replace(list, ...(nodes.length ? nodes.map((node) => this.item(node)) : [h('li', { class: 'muted' }, '(empty)')]));
  }

  showPreview(preview: ArtifactPreview): void {
    if (preview.path !== this.selected) return;
    const open = button('Open in Editor', () => this.post({ type: 'openArtifact', path: preview.path }));
    const header = h('div', { class: 'preview-header' }, h('strong', {}, preview.path), open);
    replace(this.preview, header, previewBody(preview));
  }

  private item(node: ArtifactNode): HTMLLIElement {
    const name = node.path.split('/').pop() ?? node.path;
    if (!node.isDir) {
      const label = h('button', { class: 'artifact-file', attrs: { type: 'button', 'data-path': node.path, role: 'treeitem' } }, name);
      label.addEventListener('click', () => this.select(node.path, label));
      return h('li', {}, label, h('span', { class: 'muted size' }, formatBytes(node.size)));
    }
    const list = h('ul', { attrs: { role: 'group' } });
    const details = h('details', {}, h('summary', { attrs: { role: 'treeitem', 'data-path': node.path } }, `${name}/`), list);
    this.folders.set(node.path, list);
    details.addEventListener('toggle', () => {
      if (details.open && !list.childElementCount) {
        list.append(h('li', { class: 'muted' }, 'Loading…'));
        this.post({ type: 'listArtifacts', path: node.path });
      }
    });
    return h('li', {}, details);
  }

  private select(path: string, label: HTMLElement): void {
    this.selected = path;
    this.tree.querySelectorAll('.selected').forEach((e) => e.classList.remove('selected'));
    label.classList.add('selected');
    replace(this.preview, h('p', { class: 'muted' }, `Loading ${path}…`));
    this.post({ type: 'previewArtifact', path });
  }
}

export function previewBody(preview: ArtifactPreview): HTMLElement {
  switch (preview.kind) {
    case 'image':
      return h('img', { class: 'preview-image', attrs: { src: preview.dataUri, alt: preview.path } });
    case 'text':
      return h('div', {}, highlighted(preview.text, preview.language), truncatedNote(preview.truncated, preview.size));
    case 'csv': {
      const [head = [], ...rows] = preview.rows;
      const table = h(
        'table',
        { class: 'grid csv' },
        h('thead', {}, h('tr', {}, ...head.map((cell) => h('th', {}, cell)))),
        h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', {}, cell))))),
      );
      return h('div', { class: 'scroll' }, table, truncatedNote(preview.truncated, preview.size));
    }
    case 'mlmodel':
      return mlmodelSummary(preview.summary, preview.text);
    case 'binary':
      return h('p', { class: 'muted' }, `No preview for this file type${preview.size !== undefined ? ` (${formatBytes(preview.size)})` : ''}. Open it in an editor.`);
    case 'error':
      return h('p', { class: 'panel-error' }, `Could not read ${preview.path}: ${preview.message}`);
  }
}

/** An MLmodel as users read it: flavors and facts, the signature, then the file itself. */
export function mlmodelSummary(summary: MlmodelSummary, text: string, order: 'flavorsFirst' | 'signatureFirst' = 'flavorsFirst'): HTMLElement {
  const { flavors, facts, signature } = summary;
  const columns = (title: string, list: SignatureColumn[]) =>
    list.length
      ? h('div', { class: `signature-${title.toLowerCase()}` }, h('h4', {}, title), h('table', { class: 'grid signature' },
          h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'type'), h('th', {}, 'required'))),
          h('tbody', {}, ...list.map((c) => h('tr', {}, h('td', {}, c.name), h('td', {}, c.type), h('td', {}, c.required === undefined ? '' : String(c.required)))))))
      : undefined;
  const signaturePart = signature
    ? h('div', { class: 'signature-part' }, h('h4', {}, 'Signature'), columns('Inputs', signature.inputs), columns('Outputs', signature.outputs), columns('Params', signature.params))
    : h('p', { class: 'muted signature-part' }, 'No signature');
  const flavorsPart = [h('h4', {}, 'Flavors'), keyValueTable(flavors, 'No flavors', 'kv flavors'), facts.length ? h('h4', {}, 'Facts') : undefined, keyValueTable(facts, '', 'kv facts')];
  return h(
    'div',
    { class: 'mlmodel' },
    ...(order === 'signatureFirst' ? [signaturePart, ...flavorsPart] : [...flavorsPart, signaturePart]),
    h('details', {}, h('summary', {}, 'MLmodel file'), highlighted(text, 'yaml')),
  );
}

function truncatedNote(truncated: boolean, size?: number): HTMLElement | undefined {
  return truncated ? h('p', { class: 'muted truncated' }, `Showing the first part${size ? ` of ${formatBytes(size)}` : ''}; open it in an editor for all of it.`) : undefined;
}
