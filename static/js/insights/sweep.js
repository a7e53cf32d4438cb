// Hyperparameter sweep: each run re-run over a range of one parameter (POST
// /api/sweep, one batched call per optimizer). Final f − f* and steps to tolerance against the
// value; a click loads that value into the main view.

import { t } from "../i18n.js";
import { changeRun, runLabels } from "../runs.js";
import { Change, runRequest } from "../state.js";
import {
  PLOT_CONFIG, Plotly, baseLayout, chartPair, control, el, figureMethods, fStar, formatShort, isNumeric,
  note, postJSON, saveCSV, savePNG, sceneProblem, withAxes,
} from "./common.js";

const FLOOR = 1e-16; // a gap of exactly 0 is drawn here on the log axis

const sig = (v) => Number(v.toPrecision(4));

/** The default range of a parameter: six decades below its max for log ones, else min..max. */
export function defaultRange(p) {
  return p.log ? [sig(Math.max(p.min, p.max * 1e-6)), p.max] : [p.min, p.max];
}

/** n values from lo to hi (log-spaced for log parameters), rounded to 4 significant digits. */
export function sweepValues(p, lo, hi, n) {
  const [a, b] = [Math.max(p.min, Math.min(lo, hi)), Math.min(p.max, Math.max(lo, hi))];
  const log = p.log && a > 0;
  const values = Array.from({ length: n }, (_, i) => {
    const t = n === 1 ? 0 : i / (n - 1);
    const v = log ? 10 ** (Math.log10(a) + t * (Math.log10(b) - Math.log10(a))) : a + t * (b - a);
    return Math.min(p.max, Math.max(p.min, sig(v)));
  });
  return [...new Set(values)];
}

export function createSweepTab(ctx) {
  const { decls, store, colourOf } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-wide", dataset: { testid: "insights-plot-sweep" }, role: "figure", "aria-label": t("Final loss and steps to tolerance against the swept value, per optimizer") });
  const summary = el("div", { class: "ins-summary", dataset: { testid: "sweep-summary" } });
  const status = note("", { role: "status", dataset: { testid: "sweep-status" } });
  let shown = null; // {state, param, fstar, answers: [{optimizer, run, label, values, final_loss, steps_to_tolerance, status}]}

  const param = control({
    kind: "select", label: "Sweep", testid: "sweep-param", title: "The hyperparameter to vary (each optimizer that has it is swept)",
    onChange: (v) => ctx.set({ param: v, lo: null, hi: null }, 0),
  });
  const lo = control({ kind: "number", label: "from", testid: "sweep-lo", title: "Smallest value tried (empty: from the parameter's declared range)", emptyOk: true, onChange: (v) => ctx.set({ lo: v }) });
  const hi = control({ kind: "number", label: "to", testid: "sweep-hi", title: "Largest value tried (empty: the parameter's declared maximum)", emptyOk: true, onChange: (v) => ctx.set({ hi: v }) });
  const count = control({ kind: "number", label: "values", testid: "sweep-n", title: "How many values to try, 2 to 256 (one batched run each)", attrs: { min: 2, max: 256, step: 1 }, onChange: (v) => ctx.set({ n: Math.round(v) }) });
  const eps = control({ kind: "number", label: "tolerance ε", testid: "sweep-eps", title: "A run has arrived at the first step where f − f* < ε (f* = the lowest listed minimum)", attrs: { min: 1e-12, max: 1e6 }, onChange: (v) => ctx.set({ eps: v }) });

  const panel = el("div", {}, // the tab panel; its controls a form of their own (templates/index.html)
    el("form", { class: "ins-toolbar" }, param.field, lo.field, hi.field, count.field, eps.field),
    plot,
    el("div", { class: "ins-footer" }, status, note(t("× diverged · gaps: never within ε")), summary),
  );

  /** Parameters that at least one run's optimizer takes, lr first. */
  function paramChoices(state) {
    const names = [];
    for (const run of state.runs) {
      for (const p of decls.optimizers.find((o) => o.id === run.optimizer).params.filter(isNumeric)) if (!names.includes(p.name)) names.push(p.name);
    }
    return names;
  }

  function declOf(optimizer, name) {
    return decls.optimizers.find((o) => o.id === optimizer).params.find((p) => p.name === name);
  }

  /** The requests this sweep sends: one per run whose optimizer takes the parameter. */
  const plan = (state) => planned(state).map((p) => p.body);

  /** [{run: index, body}] for each run swept. */
  function planned(state) {
    const s = ctx.settings();
    const name = paramChoices(state).includes(s.param) ? s.param : paramChoices(state)[0];
    const base = runRequest(state);
    return base.runs.flatMap((run, i) => (declOf(run.optimizer, name) ? [{ run, i }] : [])).map(({ run, i }) => {
      const p = declOf(run.optimizer, name);
      const [a, b] = defaultRange(p);
      const values = sweepValues(p, s.lo ?? a, s.hi ?? b, Math.max(2, Math.min(256, s.n)));
      const params = { ...run.params };
      delete params[name]; // the sweep sets it: a new current value needs no new sweep
      return { run: i, body: { ...base, runs: [{ ...run, params }], sweep: { param: name, values }, tolerance: s.eps } };
    });
  }

  function currentShapes(state) {
    if (!shown) return [];
    return shown.answers.flatMap((a) => {
      const run = state.runs[a.run];
      const v = run?.optimizer === a.optimizer ? run.params[shown.param] : undefined;
      if (v === undefined) return [];
      return [["x", "y domain"], ["x2", "y2 domain"]].map(([xref, yref]) => ({
        type: "line", xref, yref, x0: v, x1: v, y0: 0, y1: 1,
        line: { color: colourOf(a), width: 1.5, dash: "dot" },
      }));
    });
  }

  function figure(state) {
    const { param: name, fstar, answers } = shown;
    const p = declOf(answers[0].optimizer, name);
    const gap = (v) => (fstar === null ? v : Math.max(v - fstar, FLOOR));
    const logY = fstar !== null;
    const finite = answers.flatMap((a) => a.final_loss.filter((v, i) => a.status[i] === "ok" && Number.isFinite(v)).map(gap));
    let top = finite.length ? Math.max(...finite) : 1;
    const bottom = finite.length ? Math.min(...finite) : 0;
    let lossRange;
    if (logY) {
      lossRange = [Math.log10(bottom) - 0.4, Math.log10(top) + 0.9];
      top = 10 ** (Math.log10(top) + 0.55);
    } else {
      const pad = (top - bottom) * 0.08 || 1;
      lossRange = [bottom - pad, top + pad * 3];
      top += pad * 1.8;
    }
    const traces = [];
    const crosses = { x: [], y: [], x2: [], y2: [], colour: [], data: [] };
    const best = { x: [], y: [], x2: [], y2: [], colour: [], data: [], data2: [] };
    for (const a of answers) {
      const colour = colourOf(a);
      const label = a.label;
      const ok = a.values.map((_, i) => a.status[i] === "ok");
      traces.push({
        type: "scatter", mode: "lines+markers", name: label, legendgroup: String(a.run), showlegend: true,
        x: a.values, y: a.final_loss.map((v, i) => (ok[i] ? gap(v) : null)),
        customdata: a.values.map((v) => [a.run, v]),
        line: { color: colour, width: 2 }, marker: { size: 5, color: colour },
        hovertemplate: `<b>${label}</b> ${name} = %{x:.4g}<br>${logY ? "f − f*" : "f"} = %{y:.3e}<br><i>${t("click to load")}</i><extra></extra>`,
        meta: { optimizer: a.optimizer, role: "final-loss" },
      });
      traces.push({
        type: "scatter", mode: "lines+markers", name: label, legendgroup: String(a.run), showlegend: false,
        xaxis: "x2", yaxis: "y2",
        x: a.values, y: a.steps_to_tolerance.map((k, i) => (ok[i] ? k : null)),
        customdata: a.values.map((v) => [a.run, v]),
        line: { color: colour, width: 2 }, marker: { size: 5, color: colour },
        hovertemplate: `<b>${label}</b> ${name} = %{x:.4g}<br>${t("arrives at step")} %{y}<br><i>${t("click to load")}</i><extra></extra>`,
        meta: { optimizer: a.optimizer, role: "steps" },
      });
      a.values.forEach((v, i) => {
        if (ok[i]) return;
        crosses.x.push(v); crosses.y.push(top); crosses.x2.push(v); crosses.y2.push(state.steps * 1.07);
        crosses.colour.push(colour); crosses.data.push([a.run, v]);
      });
      const okLoss = a.values.map((v, i) => [v, ok[i] ? gap(a.final_loss[i]) : Infinity]);
      const bestLoss = okLoss.reduce((m, c) => (c[1] < m[1] ? c : m), [null, Infinity]);
      const okSteps = a.values.map((v, i) => [v, ok[i] && a.steps_to_tolerance[i] !== null ? a.steps_to_tolerance[i] : Infinity]);
      const bestSteps = okSteps.reduce((m, c) => (c[1] < m[1] ? c : m), [null, Infinity]);
      a.best = { loss: bestLoss, steps: bestSteps };
      if (bestLoss[0] !== null) { best.x.push(bestLoss[0]); best.y.push(bestLoss[1]); best.colour.push(colour); best.data.push([a.run, bestLoss[0]]); }
      if (bestSteps[0] !== null) { best.x2.push(bestSteps[0]); best.y2.push(bestSteps[1]); best.data2.push([a.run, bestSteps[0], colour]); }
    }
    const cross = (xaxis, yaxis, x, y) => ({
      type: "scatter", mode: "markers", name: "diverged", x, y, xaxis, yaxis, customdata: crosses.data, showlegend: false,
      marker: { symbol: "x-thin-open", size: 9, line: { width: 2, color: crosses.colour }, color: crosses.colour },
      hovertemplate: `${name} = %{x:.4g}: <b>${t("diverged")}</b><br><i>${t("click to load")}</i><extra></extra>`, meta: { role: "diverged" },
    });
    traces.push(cross("x", "y", crosses.x, crosses.y), cross("x2", "y2", crosses.x2, crosses.y2));
    const star = (xaxis, yaxis, x, y, data, colour, what) => ({
      type: "scatter", mode: "markers", name: "best", x, y, xaxis, yaxis, customdata: data, showlegend: false,
      marker: { symbol: "star", size: 16, color: colour, line: { color: "#ffffff", width: 1.5 } },
      hovertemplate: `${what}: ${name} = %{x:.4g}<br><i>${t("click to load")}</i><extra></extra>`, meta: { role: "best" },
    });
    traces.push(star("x", "y", best.x, best.y, best.data, best.colour, t("best final loss")),
                star("x2", "y2", best.x2, best.y2, best.data2, best.data2.map((d) => d[2]), t("best speed"))); // prettier-ignore
    const xType = p.log ? "log" : "linear";
    const [left, right] = chartPair();
    const layout = withAxes(baseLayout({
      margin: { l: 62, r: 14, t: 34, b: 46 },
      showlegend: true,
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 12 } },
      shapes: currentShapes(state),
      uirevision: `${state.surface}/${name}`,
    }), {
      xaxis: { domain: left.x, type: xType, title: { text: name, standoff: 4 }, exponentformat: "power" },
      yaxis: { domain: left.y, type: logY ? "log" : "linear", range: lossRange, exponentformat: "power", title: { text: logY ? t("final f − f*") : t("final f"), standoff: 4 } },
      xaxis2: { domain: right.x, type: xType, title: { text: name, standoff: 4 }, exponentformat: "power", anchor: "y2" },
      yaxis2: { domain: right.y, anchor: "x2", range: [0, state.steps * 1.12], title: { text: t("steps until f − f* < {eps}", { eps: formatShort(ctx.settings().eps) }), standoff: 4 } },
    });
    return { traces, layout };
  }

  function describe() {
    const { param: name, answers } = shown;
    summary.replaceChildren(...answers.map((a) => {
      const label = a.label;
      const firstBad = a.values.find((v, i) => a.status[i] !== "ok" && (a.best.loss[0] === null || v > a.best.loss[0]));
      const parts = [
        a.best.loss[0] === null ? t("diverges everywhere") : t("lowest loss at {name} = {value}", { name, value: formatShort(a.best.loss[0]) }),
        a.best.steps[0] === null ? t("never within ε") : t("fastest at {value} ({n} steps)", { value: formatShort(a.best.steps[0]), n: a.best.steps[1] }),
      ];
      if (firstBad !== undefined) parts.push(t("diverges from {value}", { value: formatShort(firstBad) }));
      return el("p", { class: "ins-summary-row" }, el("span", { class: "swatch", style: `--colour: ${colourOf(a)}` }), el("strong", {}, label), ` ${parts.join(" · ")}`);
    }));
  }

  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    plot.on("plotly_click", (event) => {
      const point = event.points?.[0];
      const [run, value] = point?.customdata ?? [];
      const answer = shown?.answers.find((a) => a.run === run);
      if (!answer || !Number.isFinite(value) || store.get().runs[run]?.optimizer !== answer.optimizer) return;
      const name = shown.param;
      store.update(changeRun(run, (r) => ({ ...r, params: { ...r.params, [name]: value } })), Change.RUN);
      const label = answer.label;
      status.textContent = t("Loaded {label} {name} = {value} into the main view.", { label, name, value });
    });
  }

  return {
    id: "sweep",
    label: "Sweep",
    title: "Final loss and speed of each optimizer across a range of one hyperparameter (learning rate by default)",
    working: "Sweeping…",
    panel,

    key(state) {
      if (sceneProblem(state, decls)) return `problem:${sceneProblem(state, decls)}`;
      return JSON.stringify(plan(state));
    },

    async compute(state, signal, progress) {
      const problem = sceneProblem(state, decls);
      if (problem) {
        this.showError(problem);
        return;
      }
      const swept = planned(state);
      const requests = swept.map((p) => p.body);
      const labels = runLabels(state.runs, decls);
      if (!requests.length) {
        this.showError(t("No run's optimizer takes this parameter."));
        return;
      }
      const surface = ctx.surfaceOf(state);
      let finished = 0;
      const values = requests[0].sweep.values.length;
      progress(0, requests.length > 1 ? t("Sweeping {runs} runs × {values} values…", { runs: requests.length, values }) : t("Sweeping 1 run × {values} values…", { values }));
      const [fstar, ...answers] = await Promise.all([
        fStar(surface, state),
        ...swept.map(({ run, body }) => postJSON("/api/sweep", body, signal).then((answer) => {
          finished += 1;
          progress(finished / requests.length, t("Swept {done} of {total}", { done: finished, total: requests.length }));
          return { optimizer: body.runs[0].optimizer, run, label: labels[run], ...answer };
        })),
      ]);
      if (signal.aborted) return;
      shown = { state, param: requests[0].sweep.param, fstar, answers };
      const { traces, layout } = figure(state);
      await Plotly.react(plot, traces, layout, PLOT_CONFIG);
      listen();
      describe();
      status.textContent = fstar === null
        ? t("This surface lists no minimum: the left plot shows the final f itself. Click a point to load its value.")
        : t("Click any point to load its value into the main view; dotted lines mark the current values.");
      status.classList.remove("ins-error");
    },

    ...figureMethods(plot, status, () => {
      shown = null;
      summary.replaceChildren();
    }),

    sync(state) {
      const s = ctx.settings();
      const names = paramChoices(state);
      const options = names.map((n) => el("option", { value: n }, n));
      if ([...param.input.options].map((o) => o.value).join() !== names.join()) param.input.replaceChildren(...options);
      param.set(names.includes(s.param) ? s.param : names[0] ?? "");
      const first = state.runs.map((r) => declOf(r.optimizer, names.includes(s.param) ? s.param : names[0])).find(Boolean);
      const [a, b] = first ? defaultRange(first) : ["", ""];
      lo.input.placeholder = String(a);
      hi.input.placeholder = String(b);
      lo.set(s.lo ?? "");
      hi.set(s.hi ?? "");
      count.set(s.n);
      eps.set(s.eps);
      if (shown && plot.layout) {
        const shapes = currentShapes(state);
        if (JSON.stringify(shapes) !== JSON.stringify(plot.layout.shapes ?? [])) Plotly.relayout(plot, { shapes });
      }
    },

    exportCSV() {
      if (!shown) return;
      const rows = shown.answers.flatMap((a) => a.values.map((v, i) => [a.optimizer, shown.param, v, a.final_loss[i], a.steps_to_tolerance[i], a.status[i]]));
      saveCSV(`optiscope-sweep-${shown.state.surface}-${shown.param}.csv`, ["optimizer", "param", "value", "final_loss", "steps_to_tolerance", "status"], rows);
    },

    exportPNG() {
      if (shown) savePNG(`optiscope-sweep-${shown.state.surface}-${shown.param}.png`, plot, `${ctx.surfaceOf(shown.state).name}: sweep of ${shown.param}`);
    },
  };
}
