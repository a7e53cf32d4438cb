// main-plot as an image (the PNG export, the GIF's frames). Plotly draws an image alone, without
// the page's canvases, so the transparent traces (paths, heads, surface, markers) get their
// colours back, the plot area its ground, and each run's label at its head becomes an annotation.

import { withAxesShown } from "./axisoverlay.js";
import { labelAnnotations, pixelMap } from "./headlabels.js";
import { Plotly } from "../plotly.js";
import { runStyle } from "../runs.js";
import { colourOfRun, cssVar, ended, last } from "./common.js";
import { sizeOf } from "./redraw.js";

/** A trace as the canvases show it: its colours back. */
function inked(trace) {
  if (trace.meta?.optimizer && Number.isInteger(trace.meta.run)) return { ...trace, line: { ...trace.line, color: runStyle(trace.meta.run).colour } };
  if (trace.meta?.ink) return { ...trace, ...trace.meta.ink }; // the surface and its markers
  if (trace.meta?.role !== "heads") return trace;
  const colours = (trace.meta.runs ?? []).map((i) => runStyle(i).colour);
  return { ...trace, marker: { ...trace.marker, color: colours, line: { color: "#ffffff", width: 2 } } };
}

/** The plot area's ground where the surface has no cell (a network's plane reaches part of it). */
const groundOf = (scene) => (scene?.surface.plane ? cssVar("--grid") : cssVar("--surface-0"));

/** An export's title: the surface and its formula. */
const sceneTitle = (scene) => `${scene.surface.name}: ${scene.surface.formula}`;

/** Where each run's label goes: its head at the step shown, for runs still on the plot. */
const headsAt = (runs, step) => runs.filter((r) => !ended(r, step)).map((r) => ({
  x: r.x[last(r, step)], y: r.y[last(r, step)], text: r.label, colour: colourOfRun(r),
}));

/** Each run's label at its head as Plotly annotations (on screen the canvas draws them). */
const headLabels = (gd, scene, layout) => labelAnnotations(headsAt(scene.result.runs, scene.step), pixelMap(gd, layout, sizeOf(gd)));

/** main-plot (`gd`) as drawn now, with its axes and colour bar: a PNG data URL of `width` × `height` CSS pixels. */
export function mainImage(gd, scene, { width, height }) {
  const keyed = scene?.layout !== "split";
  const data = gd.data.map((t) => ({ ...inked(t), ...(keyed && t.meta?.role === "surface" ? { showscale: true } : {}) }));
  const layout = withAxesShown(gd.layout);
  const title = { text: sceneTitle(scene), font: { size: 13 }, x: 0.02, y: 0.985 }; // the GIF says what it shows
  const annotations = [...(layout.annotations ?? []), ...headLabels(gd, scene, layout)]; // who is who, as on the canvas
  return Plotly.toImage({ data, layout: { ...layout, annotations, title, plot_bgcolor: groundOf(scene), margin: { ...layout.margin, t: 30 } } }, { format: "png", width, height });
}

/** main-plot's `figure` ({data, layout}) with a legend and title: a PNG data URL. */
export function snapshot(gd, scene, { data, layout }) {
  const w = gd.clientWidth;
  const h = gd.clientHeight;
  return Plotly.toImage(
    {
      data: data.map(inked).map((t) => (t.meta?.optimizer ? { ...t, showlegend: true } : t.meta?.role === "surface" ? { ...t, showscale: true } : t)),
      layout: {
        ...layout,
        annotations: [...layout.annotations, ...headLabels(gd, scene, layout)],
        paper_bgcolor: "#ffffff",
        plot_bgcolor: groundOf(scene),
        title: { text: sceneTitle(scene), font: { size: 14 }, x: 0.02 },
        margin: { ...layout.margin, t: 70, r: 10 },
        showlegend: true,
        legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 12 } },
      },
    },
    { format: "png", width: Math.max(w, 640), height: Math.max(h, 640) + 60, scale: 2 },
  );
}
