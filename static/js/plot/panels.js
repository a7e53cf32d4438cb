// main-plot's panels: main-plot itself and, side by side, one panel per run. A panel is
// {gd, ids, canvas, under, ground, layout, cell, axes, pixels, placed, listening}: its Plotly div; the
// indices of the runs it shows (null on main-plot, which shows them all and their labels); its
// canvases (canvas.js: the paths over Plotly's layers, the surface beneath them), what the one
// beneath shows and the layout of a first picture drawn before Plotly (preview.js); its grid
// cell; its axis overlay (axisoverlay.js); its runs' pixel coordinates, kept while the axes hold
// still, and each path's by its arrays (canvas.js); whether its Plotly events are wired.

import { createAxisOverlay } from "./axisoverlay.js";
import { t } from "../i18n.js";
import { Plotly, plotlyLoaded } from "../plotly.js";
import { runTag } from "../runs.js";
import { axesOf, drawPaths, drawSurface, overlayCanvas, provideAxes } from "./canvas.js";
import { last } from "./common.js";
import { divergenceFlags, headsTrace, mainLayout, pathTrace } from "./mainfigure.js";
import { drawAxes, drawNotes, layoutAxes } from "./preview.js";
import { forgetBox, forgetLayout, PLOT_CONFIG, sized, sizeOf } from "./redraw.js";
import { createColourKey, fieldImage, markerTraces } from "./surface.js";

/**
 * The panels of a view: `shown` is what it shows ({scene, surface}), `redraw` its Plotly calls
 * (redraw.js), `fromLayers` its layers' additions; a click on a panel's plot area picks the start.
 */
export function createPanels({ plotsEl, mainEl, onPickStart, shown, redraw, fromLayers }) {
  const main = { gd: mainEl, ids: null, canvas: null, cell: mainEl.parentElement, axes: createAxisOverlay(mainEl) };
  const split = new Map(); // "index:tag" of a run -> its panel
  const colourKey = createColourKey(main.cell);
  let syncing = false;

  const panels = () => [main, ...split.values()];
  const runsOf = (panel) => (panel.ids ? shown.scene.result.runs.filter((r) => panel.ids.includes(r.run)) : shown.scene.result.runs);
  const paint = (panel, step) => drawPaths(panel, runsOf(panel), step);
  // The key sits beside the main plot area; side by side, the panels show no key.
  const updateColourKey = () => colourKey.update(shown.scene?.layout === "split" ? null : shown.surface?.field, mainEl);
  // The main panel's own trace; the split panels get copies (Plotly writes a uid into each).
  const surfaceTraceFor = (panel) => (panel === main ? shown.surface.trace : { ...shown.surface.trace });

  /**
   * The surface and its markers beneath a panel's Plotly layers, drawn again only when they or the
   * axes changed; before Plotly has laid the panel out, the axes too (preview.js).
   */
  function ground(panel) {
    const axes = axesOf(panel.gd);
    const { scene, surface } = shown;
    if (!axes || !surface || !panel.under) return;
    const provisional = !panel.gd._fullLayout;
    const look = JSON.stringify([axes.xa.range, axes.ya.range, sizeOf(panel.gd), window.devicePixelRatio, scene.start, scene.surface.minima, provisional]);
    if (panel.ground?.surface === surface && panel.ground.look === look) return;
    panel.ground = { surface, look };
    const markers = markerTraces(scene.surface, scene.start).flatMap((t) => t.x.map((x, i) => ({ x, y: t.y[i], marker: t.meta.ink.marker })));
    const image = fieldImage(surface);
    drawSurface(panel.under, panel.gd, { image, x: surface.grid.x, y: surface.grid.y, markers, outside: Boolean(scene.surface.plane) });
    if (provisional && panel.layout) drawAxes(panel.under, axes, panel.layout);
  }

  // Before Plotly is in (the first picture: preview.js), a click on the plot area still picks the start.
  mainEl.addEventListener("click", (event) => {
    const axes = !plotlyLoaded() && axesOf(mainEl);
    if (!axes) return;
    const { xa, ya } = axes;
    const box = mainEl.getBoundingClientRect();
    const [px, py] = [(event.clientX - box.left - xa._offset) / xa._length, (event.clientY - box.top - ya._offset) / ya._length];
    if (px < 0 || px > 1 || py < 0 || py > 1) return;
    onPickStart([xa.range[0] + px * (xa.range[1] - xa.range[0]), ya.range[1] - py * (ya.range[1] - ya.range[0])]);
  });

  /** A panel's figure at `step`: the surface, the paths, the heads, the markers; main-plot adds the layers'. */
  function figure(panel, step) {
    const { scene } = shown;
    const runs = runsOf(panel);
    const title = panel.ids ? runs[0]?.label : scene.layout === "split" ? t("All runs") : "";
    const colour = surfaceTraceFor(panel);
    const layout = mainLayout(scene, title, [...divergenceFlags(runs, scene.surface, step),
                                             ...(panel === main ? fromLayers("annotations", step, scene.result).map((a) => ({ ...a, name: "layer" })) : [])], // prettier-ignore
                              panel === main && scene.layout !== "split");
    return {
      data: [colour, ...runs.map((r) => pathTrace(r, step)),
             headsTrace(runs, step), ...markerTraces(scene.surface, scene.start),
             ...(panel === main ? fromLayers("main", step, scene.result) : [])], // prettier-ignore
      layout,
    };
  }

  function listen(panel) {
    if (panel.listening) return;
    panel.listening = true;
    panel.gd.on("plotly_click", (event) => {
      const e = event.event;
      const full = panel.gd._fullLayout;
      if (!e || !full?.xaxis) return;
      const box = panel.gd.getBoundingClientRect();
      const x = full.xaxis.p2l(e.clientX - box.left - full.xaxis._offset);
      const y = full.yaxis.p2l(e.clientY - box.top - full.yaxis._offset);
      if (Number.isFinite(x) && Number.isFinite(y)) onPickStart([x, y]);
    });
    const follow = () => {
      if (!shown.scene) return;
      panel.pixels = null; // a zoom or pan moved the axes
      ground(panel);
      paint(panel, shown.scene.step);
    };
    panel.gd.on("plotly_afterplot", follow);
    panel.gd.on("plotly_relayouting", follow); // a pan drag moves the axes at every step: the canvases follow
    panel.gd.on("plotly_relayout", (change) => {
      for (const p of panels()) p.pixels = null;
      const zoomed = Object.keys(change).some((k) => k.startsWith("xaxis") || k.startsWith("yaxis"));
      if (syncing || !zoomed) return;
      syncing = true; // the other panels follow this one's zoom
      const others = panels().filter((p) => p !== panel).map((p) => Plotly.relayout(p.gd, change));
      Promise.all(others).finally(() => (syncing = false));
    });
  }

  /** One panel per run side by side (scene.layout "split"), else main-plot alone. */
  function syncPanels() {
    const { scene } = shown;
    plotsEl.classList.toggle("split", scene.layout === "split");
    const wasSplit = plotsEl.dataset.layout === "split";
    if (plotsEl.dataset.layout !== scene.layout) plotsEl.dataset.layout = scene.layout;
    if (wasSplit !== (scene.layout === "split")) forgetBox(mainEl);
    // A panel per run, keyed by its index and tag (runs.runTag), so a panel never shows another optimizer.
    const runs = scene.result.runs;
    const wanted = scene.layout === "split" ? runs.map((r) => `${r.run}:${runTag(runs, r.run)}`) : [];
    for (const [key, panel] of split) {
      if (wanted.includes(key)) continue;
      Plotly.purge(panel.gd);
      panel.axes.remove();
      panel.cell.remove();
      split.delete(key);
    }
    wanted.forEach((key, i) => {
      if (split.has(key)) return;
      const cell = document.createElement("div");
      cell.className = "plot-cell";
      const gd = document.createElement("div");
      gd.className = "plot";
      gd.dataset.testid = `split-plot-${runTag(runs, i)}`;
      cell.append(gd);
      plotsEl.append(cell);
      split.set(key, { gd, ids: [i], canvas: null, cell, axes: createAxisOverlay(gd) });
    });
    // Keep the panels in the run order.
    for (const key of wanted) plotsEl.append(split.get(key).cell);
  }

  /** Draw a panel at `step`: its traces through Plotly (or handed over), then its canvas. */
  async function draw(panel, step) {
    const { data, layout } = figure(panel, step);
    const full = sized(panel.gd, panel.axes.hide(layout));
    panel.canvas ??= overlayCanvas(panel.gd);
    panel.under ??= overlayCanvas(panel.gd, { under: true });
    panel.pixels = null;
    if (!redraw.handOver(panel.gd, data, full, PLOT_CONFIG)) {
      await redraw.react(panel.gd, data, full, PLOT_CONFIG);
      await panel.axes.sync();
      listen(panel);
    }
    if (panel === main) updateColourKey();
    ground(panel);
    paint(panel, step);
  }

  /**
   * main-plot's first picture before Plotly is in (preview.js): its traces handed to the div (the
   * hooks read them), its axes worked out from the layout, and the canvases drawing everything.
   * False when the layout has no axes to work from.
   */
  function preview(step) {
    const { data, layout } = figure(main, step);
    const full = sized(main.gd, layout);
    const axes = layoutAxes(full);
    if (!axes) return false;
    provideAxes(main.gd, axes);
    main.gd.data = data;
    main.layout = full;
    main.canvas ??= overlayCanvas(main.gd);
    main.under ??= overlayCanvas(main.gd, { under: true });
    main.pixels = null;
    main.ground = null;
    ground(main);
    updateColourKey();
    paint(main, step);
    // the layout's notes (a diverged run's flag), which Plotly draws once it is in
    drawNotes(main.canvas, axes, full);
    return true;
  }

  /**
   * The path traces' data follow the step without a Plotly redraw (the canvas shows it), so that
   * they hold iterates 0..k for the step shown at every frame; a commit redraws them.
   */
  function keepTracesAt(panel, step) {
    const runs = runsOf(panel);
    runs.forEach((run, i) => {
      const trace = panel.gd.data[i + 1];
      if (trace?.meta?.optimizer !== run.optimizer) return;
      const k = last(run, step);
      trace.x = run.x.slice(0, k + 1);
      trace.y = run.y.slice(0, k + 1);
      trace.customdata = run.loss.slice(0, k + 1);
    });
    const heads = panel.gd.data[runs.length + 1];
    if (heads?.meta?.role === "heads") {
      heads.x = runs.map((r) => r.x[last(r, step)]);
      heads.y = runs.map((r) => r.y[last(r, step)]);
    }
  }

  return {
    main,
    panels,
    figure,
    syncPanels,
    draw,
    preview,
    updateColourKey,

    /** Fast mode starts: main-plot's annotations that move with the step leave it (the canvas draws the labels). */
    dropMovingNotes() {
      const notes = main.gd.layout?.annotations ?? [];
      const moving = (a) => a.name === "layer" || a.name === "head-label";
      if (!notes.some(moving)) return;
      forgetLayout(main.gd); // the layout Plotly holds no longer matches the one given
      Plotly.relayout(main.gd, { annotations: notes.filter((a) => !moving(a)) });
    },

    /** A playback frame or a slider drag: every panel's canvas, and its traces' data, at `step`. */
    showStep(step) {
      for (const panel of panels()) {
        keepTracesAt(panel, step);
        paint(panel, step);
      }
    },

    /** The axes moved (a resize): pixel coordinates again, and the canvases redrawn. */
    repaint() {
      for (const p of panels()) p.pixels = null;
      if (!shown.scene) return;
      for (const p of panels()) {
        ground(p);
        paint(p, shown.scene.step);
      }
    },
  };
}
