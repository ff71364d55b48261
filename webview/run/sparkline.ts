import { h } from '../shared/dom';

/** A tiny line chart of a metric's history, drawn on a canvas; NaN points leave gaps. */
export function sparkline(values: (number | null)[], color: string): HTMLCanvasElement {
  const canvas = h('canvas', { class: 'sparkline', attrs: { width: '120', height: '24', 'aria-hidden': 'true' } });
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const context = canvas.getContext('2d');
  if (!context || finite.length < 2) return canvas;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  context.strokeStyle = color;
  context.lineWidth = 1.5;
  context.beginPath();
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    const x = 1 + (index / (values.length - 1)) * 118;
    const y = 22 - ((value - min) / span) * 20;
    if (drawing) context.lineTo(x, y);
    else context.moveTo(x, y);
    drawing = true;
  });
  context.stroke();
  return canvas;
}
