// The surface in 3D with each optimizer's path lifted onto it (z = its loss), following the step
// the main view shows. Heights use the contour's colour transform (log-ish where f spans decades),
// so valleys keep their shape; hover shows the true f.

import { t } from "../i18n.js";
import { Change } from "../state.js";
import { loadSurfaceGrid } from "../surfaces.js";
import { loadPlotly3D } from "./plotly3d.js";
import {
  PLOT_CONFIG, cssVar, el, figureMethods, formatShort, minimaLoss, note, saveCSV, savePNG,
  surfaceScale,
} from "./common.js";

const GRID_N = 80;
const FRAME_GAP_MS = 80; // during playback, at most ~12 WebGL redraws a second

// What moves the view: a mouse's wheel zooms, a touch screen's pinch.
const TOUCH = window.matchMedia("(pointer: coarse)").matches;
const howToTurn = (values) => (TOUCH
  ? t("Drag to rotate, pinch to zoom. The paths follow the step slider (step {step} of {steps}).", values)
  : t("Drag to rotate, scroll to zoom. The paths follow the step slider (step {step} of {steps}).", values));

export function createSurfaceTab(ctx) {
  const { colourOf } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-3d", dataset: { testid: "insights-plot-surface3d" }, role: "figure", "aria-label": t("The surface in 3D with each optimizer's path on it") });
  const status = note("", { role: "status", dataset: { testid: "surface3d-status" } });
  const panel = el("div", {}, plot, el("div", { class: "ins-footer" }, status));
  let shown = null; // {state, surface, runs, lifted: [{x, y, z}], step}
  let pending = null;
  let lastFrame = 0;
  let frameTimer = null;
  let Plotly = null; // the gl3d bundle, once loaded

  const last = (run, step) => Math.min(step, run.x.length - 1);

  function lift(run, surface, scale, raise) {
    const inside = (x, y) => x >= surface.domain.x[0] && x <= surface.domain.x[1] && y >= surface.domain.y[0] && y <= surface.domain.y[1];
    const keep = run.x.map((x, k) => inside(x, run.y[k]) && Number.isFinite(run.loss[k]));
    return {
      x: run.x.map((x, k) => (keep[k] ? x : null)),
      y: run.y.map((y, k) => (keep[k] ? y : null)),
      z: run.loss.map((f, k) => (keep[k] ? scale.t(f) + raise : null)),
    };
  }

  function pathUpdate(step) {
    const ks = shown.runs.map((run) => last(run, step));
    return {
      x: [...shown.lifted.map((p, i) => p.x.slice(0, ks[i] + 1)), shown.lifted.map((p, i) => p.x[ks[i]])],
      y: [...shown.lifted.map((p, i) => p.y.slice(0, ks[i] + 1)), shown.lifted.map((p, i) => p.y[ks[i]])],
      z: [...shown.lifted.map((p, i) => p.z.slice(0, ks[i] + 1)), shown.lifted.map((p, i) => p.z[ks[i]])],
    };
  }

  async function draw(state, signal) {
    const now = ctx.shownNow();
    const surface = ctx.surfaceOf(now.state);
    const [grid, fmin, gl3d] = await Promise.all([
      loadSurfaceGrid(now.state, GRID_N), minimaLoss(surface, now.state), loadPlotly3D(),
    ]);
    Plotly = gl3d;
    if (signal.aborted) return;
    const scale = surfaceScale(grid, state.contours);
    const heights = grid.z.map((row) => row.map((v) => (v === null ? null : scale.t(v))));
    const flat = heights.flat().filter((v) => v !== null);
    const [lo, hi] = [Math.min(...flat), Math.max(...flat)];
    const raise = (hi - lo) * 0.012; // paths float just above the surface, never inside it
    const runs = now.result.runs;
    shown = { state: now.state, surface, runs, lifted: runs.map((r) => lift(r, surface, scale, raise)), step: null };
    const step = Math.min(state.step, now.state.steps);
    const ks = runs.map((run) => last(run, step));
    const ink = cssVar("--ink-soft");
    const traces = [
      {
        type: "surface", x: grid.x, y: grid.y, z: heights,
        text: grid.z.map((row) => row.map((v) => (v === null ? "undefined" : formatShort(v)))),
        hovertemplate: "x %{x:.3f}, y %{y:.3f}<br>f = %{text}<extra></extra>",
        colorscale: [0, 0.25, 0.5, 0.75, 1].map((at, i) => [at, cssVar(`--surface-${i}`)]),
        showscale: false, opacity: 0.97,
        contours: { z: { show: true, usecolormap: false, color: "rgba(40, 60, 90, 0.35)", width: 1, start: lo, end: hi, size: (hi - lo) / 20 } },
        lighting: { ambient: 0.75, diffuse: 0.6, specular: 0.08, roughness: 0.9 },
        meta: { role: "surface" }, name: "f(x, y)",
      },
      ...runs.map((run, i) => ({
        type: "scatter3d", mode: "lines", name: run.label,
        x: shown.lifted[i].x.slice(0, ks[i] + 1), y: shown.lifted[i].y.slice(0, ks[i] + 1), z: shown.lifted[i].z.slice(0, ks[i] + 1),
        line: { color: colourOf(run), width: 6 },
        hovertemplate: `<b>${run.label}</b> ${t("step")} %{pointNumber}<br>(%{x:.4g}, %{y:.4g})<extra></extra>`,
        meta: { optimizer: run.optimizer },
      })),
      {
        type: "scatter3d", mode: "markers", name: "now",
        x: shown.lifted.map((p, i) => p.x[ks[i]]), y: shown.lifted.map((p, i) => p.y[ks[i]]), z: shown.lifted.map((p, i) => p.z[ks[i]]),
        marker: { size: 7, color: runs.map((r) => colourOf(r)), line: { color: "#ffffff", width: 1.5 } },
        hoverinfo: "skip", meta: { role: "heads" },
      },
      {
        type: "scatter3d", mode: "markers", name: "minimum",
        x: surface.minima.map((m) => m[0]), y: surface.minima.map((m) => m[1]), z: fmin.map((f) => scale.t(f) + raise),
        marker: { size: 5, symbol: "diamond", color: "#ffffff", line: { color: "#1b2733", width: 2 } },
        hovertemplate: `${t("minimum")} (%{x:.4g}, %{y:.4g})<extra></extra>`, meta: { role: "minima" },
      },
    ];
    const dx = surface.domain.x[1] - surface.domain.x[0];
    const dy = surface.domain.y[1] - surface.domain.y[0];
    const ratio = Math.min(2, Math.max(0.5, dy / dx));
    const axis = (title, range) => ({
      title: { text: title }, range, backgroundcolor: "rgba(0,0,0,0)", gridcolor: cssVar("--grid"),
      zerolinecolor: cssVar("--line"), tickfont: { size: 10, color: ink }, showspikes: false,
    });
    const layout = {
      margin: { l: 0, r: 0, t: 0, b: 0 },
      paper_bgcolor: "rgba(0,0,0,0)",
      font: { family: cssVar("--font"), color: cssVar("--ink"), size: 12 },
      showlegend: true,
      legend: { x: 0.01, y: 0.98, bgcolor: "rgba(255,255,255,0.8)", font: { size: 12 } },
      hoverlabel: { font: { family: cssVar("--font"), size: 12 } },
      uirevision: surface.id,
      scene: {
        xaxis: axis("x", surface.domain.x),
        yaxis: axis("y", surface.domain.y),
        zaxis: { ...axis(scale.log ? t("f (log)") : "f", [lo, hi + raise * 2]), ...(scale.ticks ? { tickmode: "array", tickvals: scale.ticks.vals, ticktext: scale.ticks.text } : {}) },
        aspectmode: "manual",
        aspectratio: { x: 1, y: ratio, z: 0.55 },
        camera: { eye: { x: -1.1, y: -1.3, z: 0.85 }, center: { x: 0, y: 0, z: -0.15 } },
        dragmode: "turntable",
      },
    };
    for (const t of traces.slice(1)) t.showlegend = Boolean(t.meta?.optimizer);
    await Plotly.react(plot, traces, layout, PLOT_CONFIG);
    shown.step = step;
    status.textContent = howToTurn({ step, steps: now.state.steps });
    status.classList.remove("ins-error");
  }

  function showStep(step) {
    if (!shown || shown.step === step || !plot.data) return;
    shown.step = step;
    const indices = [...shown.runs.map((_, i) => i + 1), shown.runs.length + 1];
    Plotly.restyle(plot, pathUpdate(step), indices);
    status.textContent = howToTurn({ step, steps: shown.state.steps });
  }

  return {
    id: "surface3d",
    label: "3D",
    title: "The surface as a rotatable 3D plot with each path lifted onto it, in step with the animation",
    working: "Building the 3D view…",
    panel,

    key(state) {
      const now = ctx.shownNow();
      return now ? `${now.result.id}|${now.state.surface}|${state.contours}|${JSON.stringify(now.request)}` : null;
    },

    async compute(state, signal) {
      await draw(state, signal);
    },

    onStep(state, change) {
      if (!shown) return;
      pending = Math.min(state.step, shown.state.steps);
      clearTimeout(frameTimer);
      const wait = change === Change.FRAME ? Math.max(0, lastFrame + FRAME_GAP_MS - performance.now()) : 0;
      frameTimer = setTimeout(() => {
        lastFrame = performance.now();
        showStep(pending);
      }, wait);
    },

    ...figureMethods(plot, status, () => (shown = null), () => Plotly ?? globalThis.Plotly),

    exportCSV() {
      if (!shown) return;
      const rows = shown.runs.flatMap((run) => run.x.map((x, k) => [run.optimizer, k, x, run.y[k], run.loss[k]]));
      saveCSV(`optiscope-3d-${shown.state.surface}.csv`, ["optimizer", "step", "x", "y", "loss"], rows);
    },

    exportPNG() {
      if (shown) savePNG(`optiscope-3d-${shown.state.surface}.png`, plot, `${shown.surface.name} in 3D`, Plotly);
    },
  };
}
