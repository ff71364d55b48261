/**
 * Colours for canvases, read from VS Code's `--vscode-*` variables. VS Code swaps the body's
 * `vscode-light` / `vscode-dark` / `vscode-high-contrast` class when the theme changes; charts
 * re-read their colours then.
 */
export interface ThemeColors {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  kind: 'light' | 'dark' | 'high-contrast';
}

const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

export function themeColors(): ThemeColors {
  const classes = document.body.classList;
  const kind = classes.contains('vscode-high-contrast') || classes.contains('vscode-high-contrast-light') ? 'high-contrast' : classes.contains('vscode-light') ? 'light' : 'dark';
  const foreground = css('--vscode-foreground', kind === 'light' ? '#3b3b3b' : '#cccccc');
  return {
    foreground,
    muted: css('--vscode-descriptionForeground', foreground),
    grid: css('--vscode-editorWidget-border', kind === 'light' ? '#e5e5e5' : '#454545'),
    background: css('--vscode-editor-background', kind === 'light' ? '#ffffff' : '#1f1f1f'),
    font: css('--vscode-font-family', 'sans-serif'),
    kind,
  };
}

/** Calls `onChange` whenever VS Code switches theme (the body's class or style changes). */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
}

/** Run colours: the same run keeps its colour on every chart (by its index in the selection). */
const LIGHT = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
const DARK = ['#4e9fe5', '#f0605d', '#52c46b', '#b392f0', '#ffa048', '#3fd3e0', '#c69c6d', '#f28fcf', '#b0b0b0', '#d6d84a'];

export function runColor(index: number, kind: ThemeColors['kind']): string {
  const palette = kind === 'light' ? LIGHT : DARK;
  return palette[index % palette.length];
}
