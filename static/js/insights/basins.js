// Basins of attraction: one optimizer (its current parameters and schedule) started from every
// cell of an n×n grid (POST /api/basins); each cell coloured by the minimum it ends near.

import { t } from "../i18n.js";
import { loadGrid } from "../api.js";
import { runLabels, runTag } from "../runs.js";
import { runRequest } from "../state.js";
import {
  PLOT_CONFIG, Plotly, baseLayout, control, cssVar, el, figureMethods, formatShort, note, postJSON,
  saveCSV, savePNG, sceneProblem, surfaceScale, withAxes,
} from "./common.js";

const MAX_WORK = 2e7; // CONTRACT section 10: N² × steps
const CONTOUR_N = 120;

/** The largest grid the server takes for this many steps (and the slider's 20..200). */
export const maxGrid = (steps) => Math.max(2, Math.min(200, Math.floor(Math.sqrt(MAX_WORK / steps))));

const basinColour = (i) => cssVar(`--basin-${i % 8}`);

export function createBasinsTab(ctx) {
  const { decls } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-map", dataset: { testid: "insights-plot-basins" }, role: "figure", "aria-label": t("Which minimum each start point leads to") });
  const legend = el("ul", { class: "ins-legend", dataset: { testid: "basins-legend" } });
  const status = note("", { role: "status", dataset: { testid: "basins-status" } });
  let shown = null; // {state, surface, optimizer, answer, counts}

  const optimizer = control({ kind: "select", label: "Optimizer", testid: "basins-optimizer", title: "Whose basins to map (with its current parameters and schedule)", onChange: (v) => ctx.set({ bopt: v }, 0) });
  const size = control({
    kind: "range", label: "Grid", testid: "basins-n", title: "Starts per axis: n × n runs (20 to 200; capped so that n² × steps ≤ 2·10⁷)",
    attrs: { min: 20, max: 200, step: 1 }, onChange: (v) => ctx.set({ bn: v }, 0),
  });
  const sizeOut = el("output", { class: "ins-out", for: size.input.id });
  size.input.addEventListener("input", () => (sizeOut.value = `${size.input.value}²`));
  size.field.append(sizeOut);
  const radius = control({ kind: "number", label: "radius δ", testid: "basins-radius", title: "A run counts as reaching a minimum when it ends within this distance of it", attrs: { min: 1e-9, max: 1e6 }, onChange: (v) => ctx.set({ br: v }) });

  const panel = el("div", {}, // the tab panel; its controls a form of their own (templates/index.html)
    el("form", { class: "ins-toolbar" }, optimizer.field, size.field, radius.field),
    el("div", { class: "ins-map" }, plot, el("div", { class: "ins-map-side" }, el("h3", {}, t("Where the starts end")), legend, status)),
  );

  /** The mapped run's tag (runs.runTag: "sgd", "sgd.2"; a link from before runs names the id). */
  const tagsOf = (state) => state.runs.map((_, i) => runTag(state.runs, i));
  function chosen(state) {
    const wanted = ctx.settings().bopt;
    const tags = tagsOf(state);
    return tags.includes(wanted) ? wanted : tags[0];
  }

  const gridSize = (state) => Math.max(2, Math.min(ctx.settings().bn, maxGrid(state.steps)));

  function request(state) {
    const tag = chosen(state);
    const tags = tagsOf(state);
    const { start, ...base } = runRequest(state); // every grid cell is a start: the scene's is ignored
    return { ...base, runs: base.runs.filter((_, i) => tags[i] === tag), grid: { n: gridSize(state) }, radius: ctx.settings().br };
  }

  function categories(surface) {
    return [
      { label: -2, name: t("not arrived"), title: t("ended farther than δ from every listed minimum: still on its way, or stuck elsewhere"), colour: cssVar("--basin-none") },
      { label: -1, name: t("diverged"), title: t("left the finite range"), colour: cssVar("--basin-diverged") },
      ...surface.minima.map((m, i) => ({ label: i, name: t("minimum {i}", { i: i + 1 }), title: `(${m.map((v) => formatShort(v)).join(", ")})`, colour: basinColour(i) })),
    ]; // in heatmap order: z = label + 2
  }

  async function figure(state) {
    const { surface, answer } = shown;
    const cats = categories(surface);
    const k = cats.length;
    const colorscale = cats.flatMap((c, i) => [[i / k, c.colour], [(i + 1) / k, c.colour]]);
    const nameOf = Object.fromEntries(cats.map((c) => [c.label, c.label >= 0 ? `→ ${c.name} ${c.title}` : c.name]));
    const grid = await loadGrid(surface.id, CONTOUR_N);
    const scale = surfaceScale(grid, state.contours);
    const traces = [
      {
        type: "heatmap", x: answer.x, y: answer.y, z: answer.label.map((row) => row.map((v) => v + 2)),
        text: answer.label.map((row) => row.map((v) => nameOf[v])),
        zmin: -0.5, zmax: k - 0.5, colorscale, showscale: false, opacity: 0.9,
        hovertemplate: `${t("start")} (%{x:.3g}, %{y:.3g})<br>%{text}<extra></extra>`, meta: { role: "basins" },
      },
      {
        type: "contour", x: grid.x, y: grid.y, z: grid.z.map((row) => row.map((v) => (v === null ? null : scale.t(v)))),
        contours: { coloring: "none", showlines: true }, ncontours: 18, showscale: false,
        line: { color: "rgba(20, 30, 45, 0.35)", width: 0.8, smoothing: 0.6 }, hoverinfo: "skip", meta: { role: "contour" },
      },
      {
        type: "scatter", mode: "markers+text", x: surface.minima.map((m) => m[0]), y: surface.minima.map((m) => m[1]),
        text: surface.minima.map((_, i) => String(i + 1)), textposition: "top center", textfont: { size: 12, color: "#111" },
        marker: { symbol: "star", size: 15, color: "#ffffff", line: { color: "#1b2733", width: 1.5 } },
        hovertemplate: `${t("minimum")} %{text} (%{x:.4g}, %{y:.4g})<extra></extra>`, meta: { role: "minima" },
      },
      {
        type: "scatter", mode: "markers", x: [state.start[0]], y: [state.start[1]],
        marker: { symbol: "diamond", size: 11, color: "#ffffff", line: { color: "#1b2733", width: 2 } },
        hovertemplate: `${t("the scene's start")} (%{x:.4g}, %{y:.4g})<extra></extra>`, meta: { role: "start" },
      },
    ];
    const layout = withAxes(baseLayout({ margin: { l: 44, r: 8, t: 8, b: 36 }, uirevision: surface.id }), {
      xaxis: { range: surface.domain.x, title: { text: t("x start"), standoff: 4 }, showgrid: false, mirror: true, constrain: "domain" },
      yaxis: { range: surface.domain.y, title: { text: t("y start"), standoff: 2 }, showgrid: false, mirror: true, scaleanchor: "x", constrain: "domain" },
    });
    return { traces, layout };
  }

  function drawLegend() {
    const { surface, counts, total } = shown;
    const cats = categories(surface);
    legend.replaceChildren(...[...cats.slice(2), ...cats.slice(0, 2).reverse()].map((c) => {
      const count = counts.get(c.label) ?? 0;
      const percent = (100 * count) / total;
      return el("li", { class: "ins-legend-row", title: c.title, dataset: { label: c.label, count, percent } },
        el("span", { class: "ins-chip", style: `background: ${c.colour}` }),
        el("span", { class: "ins-legend-name" }, c.name, c.label >= 0 ? el("small", {}, ` ${c.title}`) : null),
        el("span", { class: "ins-legend-pct" }, `${percent.toFixed(1)} %`),
        el("span", { class: "ins-legend-bar", style: `--w: ${percent}%; --c: ${c.colour}` }));
    }));
  }

  return {
    id: "basins",
    label: "Basins",
    title: "Start one optimizer from every point of a grid and colour each start by the minimum it reaches",
    working: "Mapping basins…",
    panel,

    key(state) {
      const problem = sceneProblem(state, decls);
      return problem ? `problem:${problem}` : JSON.stringify([request(state), state.contours]);
    },

    async compute(state, signal, progress) {
      const problem = sceneProblem(state, decls);
      if (problem) {
        this.showError(problem);
        return;
      }
      const body = request(state);
      const n = body.grid.n;
      const name = decls.optimizers.find((o) => o.id === body.runs[0].optimizer).name;
      progress(null, t("Running {name} from {n} × {n} = {count} starts × {steps} steps…", { name, n, count: (n * n).toLocaleString("en"), steps: state.steps }));
      const answer = await postJSON("/api/basins", body, signal);
      if (signal.aborted) return;
      const counts = new Map();
      for (const row of answer.label) for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
      const surface = ctx.surfaceOf(state);
      shown = { state, surface, optimizer: body.runs[0].optimizer, answer, counts, total: n * n };
      const { traces, layout } = await figure(state);
      if (signal.aborted) return;
      await Plotly.react(plot, traces, layout, PLOT_CONFIG);
      drawLegend();
      const capped = ctx.settings().bn > n ? ` ${t("Grid capped at {n}² so that n² × steps stays within 2·10⁷.", { n })}` : "";
      status.textContent = surface.minima.length
        ? `${t("{name} from {n}² starts, {steps} steps each.", { name, n, steps: state.steps })}${capped}`
        : `${t("This surface lists no minimum: every start is \"diverged\" or \"not arrived\".")}${capped}`;
      status.classList.remove("ins-error");
    },

    ...figureMethods(plot, status, () => {
      shown = null;
      legend.replaceChildren();
    }),

    sync(state) {
      const s = ctx.settings();
      const tags = tagsOf(state);
      const labels = runLabels(state.runs, decls);
      if ([...optimizer.input.options].map((o) => `${o.value}=${o.textContent}`).join() !== tags.map((t, i) => `${t}=${labels[i]}`).join()) {
        optimizer.input.replaceChildren(...tags.map((tag, i) => el("option", { value: tag }, labels[i])));
      }
      optimizer.set(chosen(state) ?? "");
      size.input.max = String(Math.max(20, maxGrid(state.steps)));
      size.set(Math.min(s.bn, Number(size.input.max)));
      sizeOut.value = `${size.input.value}²`;
      radius.set(s.br);
      const start = plot.data?.[3];
      if (shown && start?.meta?.role === "start" && (start.x[0] !== state.start[0] || start.y[0] !== state.start[1])) {
        Plotly.restyle(plot, { x: [[state.start[0]]], y: [[state.start[1]]] }, [3]);
      }
    },

    exportCSV() {
      if (!shown) return;
      const { answer } = shown;
      const rows = answer.label.flatMap((row, i) => row.map((v, j) => [answer.x[j], answer.y[i], v]));
      saveCSV(`optiscope-basins-${shown.state.surface}-${shown.optimizer}.csv`, ["x_start", "y_start", "label"], rows);
    },

    exportPNG() {
      if (shown) savePNG(`optiscope-basins-${shown.state.surface}-${shown.optimizer}.png`, plot, `${shown.surface.name}: basins of ${shown.optimizer}`);
    },
  };
}
