/**
 * DOM building without HTML strings: every piece of data goes in as a text node, so a run named
 * `<img src=x onerror=...>` is shown, never parsed.
 */
type Child = Node | string | number | undefined | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; title?: string; attrs?: Record<string, string>; on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.title) element.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [name, handler] of Object.entries(props.on ?? {})) element.addEventListener(name, handler as EventListener);
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

export function button(label: string, onClick: () => void, options: { title?: string; class?: string } = {}): HTMLButtonElement {
  return h('button', { class: options.class ?? 'button', title: options.title, attrs: { type: 'button' }, on: { click: onClick } }, label);
}

/** A two-column table of key/value rows, or a note when there are none. */
export function keyValueTable(rows: { key: string; value: Child }[], empty: string, className = 'kv'): HTMLElement {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', { class: className }, h('tbody', {}, ...rows.map((row) => h('tr', {}, h('th', {}, row.key), h('td', {}, row.value)))));
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'section', attrs: { 'aria-label': title } }, h('h2', {}, title), ...children);
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'NaN';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-4 || abs >= 1e6) ? value.toExponential(4) : String(Number(value.toPrecision(6)));
}

export function formatTime(epochMs: number | undefined): string {
  return epochMs ? new Date(epochMs).toLocaleString() : '—';
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h ${minutes % 60}m` : `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An error line at the top of the page (the host failed to answer). */
export function showError(root: HTMLElement, message: string): void {
  root.querySelector('.panel-error')?.remove();
  root.prepend(h('div', { class: 'panel-error', attrs: { role: 'alert' } }, message));
  root.setAttribute('aria-busy', 'false');
}
