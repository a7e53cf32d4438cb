// main-plot's figure apart from the surface: each run's path trace (transparent: the canvas draws
// it), the heads, the flags where diverged runs leave the view, and the layout.

import { t } from "../i18n.js";
import { runStyle } from "../runs.js";
import { CLEAR, colourOfRun, cssVar, ended, last, NO_OVERFLOW_CHECK } from "./common.js";
import { KEY_MARGIN } from "./surface.js";

/** Iterates 0..k of a run's array: the array itself when that is all of it (Plotly only reads it). */
const upTo = (values, k) => (k === values.length - 1 ? values : values.slice(0, k + 1));

/** A run's path up to `step`, transparent (the canvas draws it): hover, exports and CONTRACT section 8 read it. */
export function pathTrace(run, step) {
  const k = last(run, step);
  const style = runStyle(run.run);
  return {
    type: "scatter", mode: "lines", name: run.label,
    x: upTo(run.x, k), y: upTo(run.y, k), customdata: upTo(run.loss, k),
    line: { color: CLEAR, width: 2.6, dash: style.plotlyDash }, hoverlabel: { bgcolor: style.colour },
    hovertemplate: `<b>${run.label}</b> ${t("step")} %{pointNumber}<br>(%{x:.4g}, %{y:.4g})  f = %{customdata:.4g}<extra></extra>`,
    meta: { optimizer: run.optimizer, run: run.run, label: run.label, colour: style.colour },
  };
}

/** Each run's head at `step` (✕ where a diverged run ended), transparent like the paths. */
export function headsTrace(runs, step) {
  return {
    type: "scatter", mode: "markers", name: "now",
    x: runs.map((r) => r.x[last(r, step)]), y: runs.map((r) => r.y[last(r, step)]),
    marker: {
      size: runs.map((r) => (ended(r, step) ? 14 : 11)),
      symbol: runs.map((r) => (ended(r, step) ? "x" : "circle")),
      color: CLEAR,
      line: { color: CLEAR, width: 2 },
    },
    hoverinfo: "skip", showlegend: false, meta: { role: "heads", runs: runs.map((r) => r.run) },
  };
}

/** A flag where each diverged run leaves the view: its last iterate inside the domain. */
export function divergenceFlags(runs, surface, step) {
  const inside = (x, y) => x >= surface.domain.x[0] && x <= surface.domain.x[1] && y >= surface.domain.y[0] && y <= surface.domain.y[1];
  return runs.filter((r) => r.status === "diverged" && step >= r.x.length - 1).map((run) => {
    let k = run.x.length - 1;
    while (k > 0 && !inside(run.x[k], run.y[k])) k--;
    return {
      x: run.x[k], y: run.y[k], text: t("✕ {label} diverged", { label: run.label }), showarrow: true, arrowhead: 0, ax: 0, ay: -22,
      font: { size: 11, color: "#ffffff" }, bgcolor: colourOfRun(run), borderpad: 3, arrowcolor: colourOfRun(run),
    };
  });
}

/** main-plot's layout; `keyed`: room on the right for the colour key. */
export function mainLayout(scene, title, annotations = [], keyed = false) {
  const { surface } = scene;
  const ink = cssVar("--ink-soft");
  const axis = { showgrid: false, zeroline: false, ticks: "outside", ticklen: 4, tickcolor: ink, ...NO_OVERFLOW_CHECK,
                 linecolor: ink, mirror: true, constrain: "domain", tickfont: { size: 11 } }; // prettier-ignore
  return {
    uirevision: `${surface.id}/${surface.domain.x}/${surface.domain.y}`,
    margin: { l: 44, r: keyed ? KEY_MARGIN : title ? 10 : 6, t: title ? 30 : 8, b: 36 },
    title: title ? { text: title, font: { size: 13 }, x: 0.02, y: 0.985 } : undefined,
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: CLEAR, // the canvas beneath draws the surface (canvas.js drawSurface)
    font: { family: cssVar("--font"), color: cssVar("--ink"), size: 12 },
    // a data surface's point is its model's parameters: the axes say which (w, b; w₁, w₂); a
    // network's plane names its own and scales them apart
    xaxis: { ...axis, range: [...surface.domain.x], title: { text: surface.plane?.axisTitles[0] ?? surface.axes?.[0] ?? "x", standoff: 4 } },
    yaxis: { ...axis, range: [...surface.domain.y], title: { text: surface.plane?.axisTitles[1] ?? surface.axes?.[1] ?? "y", standoff: 2 },
             ...(surface.plane?.equalAxes === false ? {} : { scaleanchor: "x", scaleratio: 1 }) },
    showlegend: false,
    hovermode: "closest",
    hoverlabel: { font: { family: cssVar("--font"), size: 12 } },
    dragmode: "zoom",
    annotations,
  };
}
