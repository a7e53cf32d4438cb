// Data surfaces (issue 8): under the surface picker, the rows being fitted (a small scatter with
// each optimizer's model at the step shown), the "Standardise features" switch and the
// mini-batch size; next to the step readout, the epoch counter. Shown only on data surfaces.
//
// The scatter is its own small figure, so this module calls Plotly itself (plot.js stays the only
// drawer of main-plot and loss-plot). Hooks for tests: #data-controls[data-plotted] is
// "<surface>/<0|1>" once the rows of that surface (raw or standardised) are drawn; data-testid
// data-plot, standardize, batch-on, batch-size, batch-value, batch-quick-1, batch-quick-16,
// batch-full, epoch-readout.

import { el, setHidden } from "./controls.js";
import { t } from "./i18n.js";
import { Plotly } from "./plotly.js";
import { PRIVATE } from "./private.js";
import { Change } from "./state.js";
import { batchSize, epochText, isData, iterationsPerEpoch, loadRows, rowsOf } from "./surfaces.js";

const FRAME_GAP_MS = 80; // during playback, redraw the model lines at most this often
const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

const CONFIG = { ...PRIVATE, displayModeBar: false, responsive: false, staticPlot: false };

function span(values) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.08 || 0.5;
  return [lo - pad, hi + pad];
}

/** The data points: target against t (linear), or t1 against t2 by class (logistic). */
function dataTraces(decl, rows) {
  const ink = cssVar("--ink-soft");
  if (decl.model === "logistic") {
    return [0, 1].map((label) => {
      const picked = rows.features.filter((_, i) => rows.target[i] === label);
      const positive = t(decl.columns[2]); // the class's name, as the data name it
      const name = label ? positive : t("not {name}", { name: positive });
      return {
        type: "scatter", mode: "markers", name,
        x: picked.map((f) => f[0]), y: picked.map((f) => f[1]),
        marker: { size: 5, color: cssVar(`--data-class-${label}`), opacity: 0.75, line: { width: 0.5, color: "#fff" } },
        hovertemplate: `${name}<br>(%{x:.3g}, %{y:.3g})<extra></extra>`,
        meta: { role: "data" },
      };
    });
  }
  return [{
    type: "scatter", mode: "markers", name: "rows",
    x: rows.features.map((f) => f[0]), y: rows.target,
    marker: { size: 4.5, color: cssVar("--data-point"), opacity: 0.6, line: { width: 0 } },
    hovertemplate: `t %{x:.3g}, ${t("target")} %{y:.3g}<extra></extra>`, meta: { role: "data" }, line: { color: ink },
  }];
}

/** One optimizer's model at iterate k: the fitted line, or the decision boundary w1 t1 + w2 t2 = 0. */
function modelTrace(decl, run, k, box, colour) {
  const [a, b] = [run.x[k], run.y[k]];
  let x = [];
  let y = [];
  if (decl.model === "logistic") {
    const norm = Math.hypot(a, b);
    if (norm > 0) {
      const s = (4 * Math.max(...box.x.map(Math.abs), ...box.y.map(Math.abs))) / norm;
      x = [s * b, -s * b];
      y = [-s * a, s * a];
    }
  } else {
    x = [...box.x];
    y = box.x.map((t) => a * t + b);
  }
  return {
    type: "scatter", mode: "lines", name: run.label, x, y, hoverinfo: "skip",
    line: { color: colour, width: 2 }, meta: { role: "model", optimizer: run.optimizer },
  };
}

function layoutFor(decl, box, standardized) {
  const ink = cssVar("--ink-soft");
  const axis = { zeroline: false, gridcolor: cssVar("--grid"), linecolor: ink, mirror: true, tickfont: { size: 9 }, fixedrange: true };
  const scaled = (name) => (standardized ? t("{name}, standardised", { name: t(name) }) : t(name));
  const [xTitle, yTitle] = decl.model === "logistic" ? decl.columns.slice(0, 2).map(scaled) : [scaled(decl.columns[0]), t(decl.columns[1])];
  return {
    margin: { l: 40, r: 6, t: 4, b: 30 },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fff",
    font: { family: cssVar("--font"), color: cssVar("--ink"), size: 10 },
    xaxis: { ...axis, range: box.x, title: { text: xTitle, standoff: 2, font: { size: 10 } } },
    yaxis: { ...axis, range: box.y, title: { text: yTitle, standoff: 2, font: { size: 10 } } },
    showlegend: false, hovermode: "closest", dragmode: false,
  };
}

function batchControls(onBatch) {
  const on = el("input", { type: "checkbox", id: "batch-on", title: t("Estimate each gradient from a random mini-batch of rows instead of all of them"), dataset: { testid: "batch-on" } });
  const range = el("input", { type: "range", id: "batch-size", min: 1, step: 1, title: t("Rows per mini-batch (1 to N)"), "aria-label": t("Batch size"), dataset: { testid: "batch-size" } });
  const number = el("input", { type: "number", min: 1, step: 1, title: t("Rows per mini-batch: exact value"), "aria-label": t("Batch size: exact value"), dataset: { testid: "batch-value" } });
  const quick = [["1", "batch-quick-1", t("One row per step: the noisiest, cheapest steps")], ["16", "batch-quick-16", t("16 rows per step: a common compromise")], ["N", "batch-full", t("Every row in each batch (full batch): exact gradients, one step per epoch")]]
    .map(([label, testid, title]) => el("button", { type: "button", class: "chip", title, dataset: { testid } }, label));
  on.addEventListener("change", () => onBatch(on.checked ? "on" : 0));
  range.addEventListener("input", () => onBatch(Number(range.value)));
  number.addEventListener("change", () => {
    const v = Number(number.value);
    number.toggleAttribute("aria-invalid", !(Number.isInteger(v) && v >= 1));
    if (Number.isInteger(v) && v >= 1) onBatch(v);
  });
  quick[0].addEventListener("click", () => onBatch(1));
  quick[1].addEventListener("click", () => onBatch(16));
  quick[2].addEventListener("click", () => onBatch("N"));
  return { on, range, number, quick };
}

/**
 * Build the data panel into `root`, the epoch counter next to the step readout. Returns
 * `{drawn(job)}`: call it when a result is on screen (the model lines follow it).
 */
export function mountDataPanel(root, { decls, store, colourOf, shown, onError }) {
  const plot = el("div", { class: "data-plot", role: "figure", "aria-label": t("The rows being fitted, with each optimizer's model at the step shown"), dataset: { testid: "data-plot" } });
  const about = el("p", { class: "data-about" });
  const standardize = el("input", { type: "checkbox", id: "standardize", title: t("Rescale each feature to mean 0 and standard deviation 1 over all rows: the loss valley becomes rounder and one learning rate suits every direction"), dataset: { testid: "standardize" } });
  let lastBatch = 16;
  const batch = batchControls((value) => {
    const n = rowsOf(store.get().surface);
    const size = value === "on" ? Math.min(lastBatch, n) : value === "N" ? n : value;
    if (size) lastBatch = size;
    store.update({ batch: size, preset: "" }, Change.RUN);
  });
  const perEpoch = el("p", { class: "hint batch-about", dataset: { testid: "batch-about" } });
  standardize.addEventListener("change", () => store.update({ standardize: standardize.checked, preset: "" }, Change.RUN));
  root.append(el("div", { class: "data-panel" },
    el("h3", { class: "data-heading" }, t("The data")), plot, about,
    el("label", { class: "check", for: standardize.id, title: standardize.title }, standardize, t("Standardise features")),
    el("fieldset", { class: "batch", title: t("Mini-batches: each update uses the exact gradient of the loss on a few rows") },
      el("legend", { class: "sr-only" }, t("Mini-batches")),
      el("label", { class: "check", for: batch.on.id, title: batch.on.title }, batch.on, t("Mini-batches")),
      el("div", { class: "param batch-row" }, el("label", { for: batch.range.id, title: batch.range.title }, t("batch")), batch.range, batch.number),
      el("div", { class: "batch-quick" }, el("span", { class: "field-label", title: t("One click sets the batch size") }, t("Batch size")), batch.quick),
      perEpoch,
      el("p", { class: "hint batch-lesson" },
        t("Small batches: cheap, noisy steps; the path jitters and never quite settles at a constant lr. "),
        t("Large batches: smooth, exact steps, each costing a pass over more rows. Each epoch reshuffles the rows (seed: Scene → Seed).")),
    ),
  ));
  const epoch = el("output", { class: "epoch-readout", title: t("The mini-batch epoch and the iteration within it at the step shown"), dataset: { testid: "epoch-readout" } });

  let rows = null; // {key, decl, data}
  let lastFrame = 0;

  async function ensureRows(state) {
    const key = `${state.surface}/${state.standardize ? 1 : 0}`;
    if (rows?.key === key) return rows;
    const decl = decls.surfaces.find((s) => s.id === state.surface);
    try {
      const data = await loadRows(state.surface, Boolean(state.standardize));
      rows = { key, decl, data };
    } catch (error) {
      onError?.(`The rows of ${decl.name} could not be loaded: ${error.message}`);
      return null;
    }
    return rows;
  }

  async function draw(state) {
    const current = await ensureRows(state);
    const now = store.get();
    if (!current || current.key !== `${now.surface}/${now.standardize ? 1 : 0}`) return;
    const { decl, data } = current;
    const box = decl.model === "logistic"
      ? { x: span(data.features.map((f) => f[0])), y: span(data.features.map((f) => f[1])) }
      : { x: span(data.features.map((f) => f[0])), y: span(data.target) };
    const job = shown();
    const same = job && job.state.surface === now.surface && Boolean(job.state.standardize) === Boolean(now.standardize);
    const models = same ? job.result.runs.map((run) => modelTrace(decl, run, Math.min(now.step, run.x.length - 1), box, colourOf(run))) : [];
    const size = { width: plot.clientWidth || 260, height: plot.clientHeight || 190 };
    await Plotly.react(plot, [...dataTraces(decl, data), ...models], { ...layoutFor(decl, box, current.key.endsWith("/1")), ...size, autosize: false }, CONFIG);
    root.dataset.plotted = current.key;
  }

  function update(state, change) {
    const data = isData(state.surface);
    setHidden(root, !data);
    if (!epoch.isConnected) document.querySelector("#playback-controls .scrubber")?.after(epoch);
    setHidden(epoch, !data || !iterationsPerEpoch(state));
    if (!data) return;
    epoch.value = epochText(state, state.step);
    if (change === Change.FRAME) {
      if (performance.now() - lastFrame < FRAME_GAP_MS) return;
      lastFrame = performance.now();
    } else {
      const decl = decls.surfaces.find((s) => s.id === state.surface);
      const n = rowsOf(state.surface);
      const size = batchSize(state);
      about.textContent = t("{n} rows · {model} model · {source}", { n, model: t(decl.model), source: decl.source });
      standardize.checked = Boolean(state.standardize);
      batch.on.checked = size > 0;
      batch.range.max = String(n);
      batch.quick[2].textContent = `N = ${n}`;
      for (const input of [batch.range, batch.number]) {
        input.disabled = !size;
        if (document.activeElement !== input) input.value = String(size || Math.min(lastBatch, n));
      }
      batch.number.max = String(n);
      batch.quick.forEach((b, i) => {
        b.setAttribute("aria-pressed", String(size === [1, 16, n][i]));
      });
      perEpoch.textContent = size
        ? t("Batches of {size} of {n} rows: {k} updates per epoch (dotted lines on the loss plot).", { size, n, k: iterationsPerEpoch(state) })
        : t("Off: every update uses all {n} rows (no sampling noise).", { n });
    }
    draw(state).catch((error) => onError?.(String(error.message ?? error)));
  }

  store.subscribe(update);
  update(store.get(), Change.RUN);
  return { drawn: () => update(store.get(), Change.STEP) };
}
