// The first picture before Plotly is in: Plotly's evaluation holds the main thread for most of a
// second, and everything the plots show is drawn by the page's canvases anyway (the surface, the
// paths, the loss curves). Only the axes are Plotly's; until it lays the plots out, their
// geometry is worked out here from the layout Plotly will be given, and their ticks, labels and
// titles, and the layout's notes (a diverged run's flag, an epoch's end), are drawn on the
// canvases. Plotly then draws the same scene and the canvases are redrawn against its axes.

import { cssVar, dashOf } from "./common.js";

/**
 * An axis shaped as the canvases read Plotly's: `_offset` and `_length` in px, `range` (log10
 * units on a log axis, as Plotly's), `type`, and `l2p` (value → px from `_offset`; a y axis
 * grows upwards).
 */
function axis(offset, length, range, type, vertical) {
  const [lo, hi] = range;
  const l2p = vertical ? (v) => ((hi - v) / (hi - lo)) * length : (v) => ((v - lo) / (hi - lo)) * length;
  return { _offset: offset, _length: length, range: [...range], type, l2p };
}

/**
 * The axes {xa, ya} Plotly will lay out for `layout` (sized: width, height, margin; ranges
 * given): the plot area inside the margins, shrunk about its centre to equal scales where the y
 * axis is anchored to x (Plotly's `constrain: "domain"`). Null without ranges.
 */
export function layoutAxes(layout) {
  const { width, height, margin, xaxis, yaxis } = layout;
  if (!xaxis.range || !yaxis.range) return null;
  let w = width - margin.l - margin.r;
  let h = height - margin.t - margin.b;
  let left = margin.l;
  let top = margin.t;
  if (yaxis.scaleanchor === "x") {
    const perUnit = Math.min(w / (xaxis.range[1] - xaxis.range[0]), h / (yaxis.range[1] - yaxis.range[0]));
    const [fitW, fitH] = [perUnit * (xaxis.range[1] - xaxis.range[0]), perUnit * (yaxis.range[1] - yaxis.range[0])];
    left += (w - fitW) / 2;
    top += (h - fitH) / 2;
    [w, h] = [fitW, fitH];
  }
  return {
    xa: axis(left, w, xaxis.range, xaxis.type ?? "linear", false),
    ya: axis(top, h, yaxis.range, yaxis.type ?? "linear", true),
  };
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/**
 * An axis's ticks as [value on the axis, label], spaced as Plotly spaces them: about one per
 * `minPx` pixels (4 to 9 intervals), the step rounded up to 2, 5 or 10 × 10^k; whole decades on a
 * log axis.
 */
function ticksOf(ax, minPx) {
  const [lo, hi] = ax.range;
  const intervals = Math.min(9, Math.max(4, ax._length / minPx)) + 1;
  const rough = Math.abs(hi - lo) / intervals;
  const base = 10 ** Math.floor(Math.log10(rough));
  const step = base * [2, 5, 10].find((m) => m >= rough / base - 1e-9);
  const first = Math.ceil(Math.min(lo, hi) / step - 1e-9);
  const values = [];
  for (let i = first; i * step <= Math.max(lo, hi) + step * 1e-9; i++) values.push(Math.abs(i * step) < step * 1e-9 ? 0 : i * step);
  if (ax.type === "log") {
    const whole = values.filter(Number.isInteger);
    const powers = whole.length ? whole : [Math.round(lo)];
    return powers.map((p) => [p, p === 0 ? "1" : `10${String(p).replace(/./g, (c) => SUPERSCRIPT[c])}`]);
  }
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return values.map((v) => [v, String(Number(v.toFixed(digits))).replace("-", "−")]); // 2.5, 2, 1.5 as Plotly writes them
}

/** A straight line from (x0, y0) to (x1, y1) on the current path. */
function segment(ctx, x0, y0, x1, y1) {
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
}

/**
 * The axes of `layout` on a plot's canvas ({xa, ya} from layoutAxes): tick marks and labels,
 * the axis lines (a frame where `mirror`), grid lines beneath what is drawn (`showgrid`), titles.
 */
export function drawAxes(canvas, { xa, ya }, layout) {
  const ctx = canvas.getContext("2d");
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const font = cssVar("--font");
  const ink = cssVar("--ink");
  const [left, top, right, bottom] = [xa._offset, ya._offset, xa._offset + xa._length, ya._offset + ya._length];
  const xTicks = ticksOf(xa, 80).filter(([v]) => xa.l2p(v) >= -0.5 && xa.l2p(v) <= xa._length + 0.5);
  const yTicks = ticksOf(ya, 40).filter(([v]) => ya.l2p(v) >= -0.5 && ya.l2p(v) <= ya._length + 0.5);
  if (layout.yaxis.showgrid !== false) {
    ctx.globalCompositeOperation = "destination-over"; // beneath the curves already drawn
    ctx.strokeStyle = cssVar("--grid");
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const [v] of xTicks) segment(ctx, left + xa.l2p(v), top, left + xa.l2p(v), bottom);
    for (const [v] of yTicks) segment(ctx, left, top + ya.l2p(v), right, top + ya.l2p(v));
    ctx.stroke();
    ctx.globalCompositeOperation = "source-over";
  }
  const line = layout.xaxis.linecolor ?? ink;
  const tick = layout.xaxis.ticklen ?? 4;
  ctx.strokeStyle = line;
  ctx.lineWidth = 1;
  ctx.beginPath();
  segment(ctx, left, bottom, right, bottom);
  segment(ctx, left, top, left, bottom);
  if (layout.xaxis.mirror) {
    segment(ctx, left, top, right, top);
    segment(ctx, right, top, right, bottom);
  }
  for (const [v] of xTicks) segment(ctx, left + xa.l2p(v), bottom, left + xa.l2p(v), bottom + tick);
  for (const [v] of yTicks) segment(ctx, left, top + ya.l2p(v), left - tick, top + ya.l2p(v));
  ctx.stroke();
  ctx.fillStyle = ink;
  const size = layout.xaxis.tickfont?.size ?? 11;
  ctx.font = `${size}px ${font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const [v, text] of xTicks) ctx.fillText(text, left + xa.l2p(v), bottom + tick + 2);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const [v, text] of yTicks) ctx.fillText(text, left - tick - 3, top + ya.l2p(v));
  const widest = Math.max(0, ...yTicks.map(([, text]) => ctx.measureText(text).width));
  // the titles just past the tick labels, as Plotly places them
  ctx.font = `${layout.xaxis.title?.font?.size ?? layout.font?.size ?? 12}px ${font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(layout.xaxis.title?.text ?? "", (left + right) / 2, bottom + tick + size + 6);
  ctx.translate(Math.max(8, left - tick - widest - 10), (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(layout.yaxis.title?.text ?? "", 0, 0);
  ctx.restore();
}

/**
 * The layout's notes on a plot's canvas, placed as Plotly places them: its vertical line shapes
 * (an epoch's end: at x, across the plot area's height) and its annotations whose point is on
 * the axes (text at the point; with `showarrow`, on a box of `bgcolor` `ax`, `ay` px away, a line
 * from it to the point). The annotations drawn, [{text, x, y}] in px of the box's centre, are
 * the canvas's `data-notes` (a hook for tests) until it is next cleared.
 */
export function drawNotes(canvas, { xa, ya }, layout) {
  const ctx = canvas.getContext("2d");
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const bottom = ya._offset + ya._length;
  for (const shape of layout.shapes ?? []) {
    if (shape.type !== "line" || shape.xref !== "x" || shape.yref !== "paper") continue;
    const x = xa._offset + xa.l2p(shape.x0);
    ctx.globalCompositeOperation = shape.layer === "below" ? "destination-over" : "source-over"; // beneath the curves
    ctx.globalAlpha = shape.opacity ?? 1;
    ctx.strokeStyle = shape.line?.color ?? cssVar("--ink");
    ctx.lineWidth = shape.line?.width ?? 1;
    ctx.setLineDash(dashOf(shape.line?.dash, ctx.lineWidth));
    ctx.beginPath();
    segment(ctx, x, bottom - shape.y0 * ya._length, x, bottom - shape.y1 * ya._length);
    ctx.stroke();
  }
  ctx.globalCompositeOperation = "source-over";
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  const drawn = [];
  const inside = (v, a) => v >= a._offset - 1 && v <= a._offset + a._length + 1;
  for (const note of layout.annotations ?? []) {
    const [px, py] = [xa._offset + xa.l2p(note.x), ya._offset + ya.l2p(note.y)];
    if (!inside(px, xa) || !inside(py, ya)) continue; // Plotly hides a note whose point is off its axes
    const size = note.font?.size ?? layout.font?.size ?? 12;
    ctx.font = `${size}px ${cssVar("--font")}`;
    const [x, y] = note.showarrow ? [px + (note.ax ?? 0), py + (note.ay ?? -30)] : [px, py];
    if (note.showarrow) {
      ctx.strokeStyle = note.arrowcolor ?? cssVar("--ink");
      ctx.lineWidth = 1;
      ctx.beginPath();
      segment(ctx, px, py, x, y);
      ctx.stroke();
    }
    if (note.bgcolor) {
      const pad = (note.borderpad ?? 1) + 1;
      const [w, h] = [ctx.measureText(note.text).width + 2 * pad, size + 2 * pad];
      ctx.fillStyle = note.bgcolor;
      ctx.fillRect(x - w / 2, y - h / 2, w, h);
    }
    ctx.fillStyle = note.font?.color ?? cssVar("--ink");
    ctx.fillText(note.text, x, y);
    drawn.push({ text: note.text, x: Math.round(x), y: Math.round(y) });
  }
  ctx.restore();
  canvas.dataset.notes = JSON.stringify(drawn);
}
