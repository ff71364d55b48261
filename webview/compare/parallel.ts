/**
 * Parallel coordinates on a canvas: one vertical axis per chosen param or metric (numbers on a
 * linear scale, other values as evenly spaced categories), one polyline per run in its colour.
 */
import { formatNumber } from '../shared/dom';
import type { ThemeColors } from '../shared/theme';

export interface Axis {
  label: string;
  values: (string | number | undefined)[];
}

export function drawParallel(canvas: HTMLCanvasElement, axes: Axis[], colors: string[], theme: ThemeColors): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(ratio, ratio);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  ctx.font = `11px ${theme.font}`;
  if (axes.length < 2) {
    ctx.fillStyle = theme.muted;
    ctx.fillText('Choose two or more params or metrics.', 12, 24);
    return;
  }
  const top = 36;
  const bottom = height - 24;
  const left = 60;
  const step = (width - left * 2) / (axes.length - 1);
  const scales = axes.map((axis) => scaleFor(axis.values));
  axes.forEach((axis, i) => {
    const x = left + i * step;
    ctx.strokeStyle = theme.grid;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = 'center';
    ctx.fillText(axis.label.length > 24 ? `${axis.label.slice(0, 23)}…` : axis.label, x, 14);
    ctx.fillStyle = theme.muted;
    ctx.fillText(scales[i].top, x, top - 6);
    ctx.fillText(scales[i].bottom, x, bottom + 14);
  });
  colors.forEach((color, run) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let drawing = false;
    axes.forEach((axis, i) => {
      const position = scales[i].position(axis.values[run]);
      if (position === undefined) {
        drawing = false;
        return;
      }
      const x = left + i * step;
      const y = bottom - position * (bottom - top);
      if (drawing) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      drawing = true;
    });
    ctx.stroke();
  });
}

interface Scale {
  position(value: string | number | undefined): number | undefined;
  top: string;
  bottom: string;
}

function scaleFor(values: (string | number | undefined)[]): Scale {
  const numbers = values.map((v) => (v === undefined || v === '' ? undefined : Number(v)));
  if (numbers.every((v) => v === undefined || Number.isFinite(v))) {
    const present = numbers.filter((v): v is number => v !== undefined);
    const min = Math.min(...present);
    const max = Math.max(...present);
    const span = max - min || 1;
    return {
      position: (value) => (value === undefined || value === '' ? undefined : max === min ? 0.5 : (Number(value) - min) / span),
      top: present.length ? formatNumber(max) : '',
      bottom: present.length ? formatNumber(min) : '',
    };
  }
  const categories = [...new Set(values.filter((v) => v !== undefined).map(String))].sort();
  return {
    position: (value) => (value === undefined ? undefined : categories.length < 2 ? 0.5 : categories.indexOf(String(value)) / (categories.length - 1)),
    top: categories.at(-1) ?? '',
    bottom: categories[0] ?? '',
  };
}
