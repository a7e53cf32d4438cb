// The race: who arrives first on the scene the main view shows. "Arrived" is the first step with
// f − f* < ε, or (by choice) the first step within δ of a listed minimum. Read from the result
// already on screen; f* comes from the surface's listed minima.

import { t } from "../i18n.js";
import {
  PLOT_CONFIG, Plotly, baseLayout, control, el, figureMethods, fStar, formatShort, note, saveCSV,
  savePNG, stepLine, withAxes,
} from "./common.js";

const MEDALS = ["gold", "silver", "bronze"];

const resultIds = new WeakMap();
let nextResultId = 1;
const idOf = (result) => {
  if (!resultIds.has(result)) resultIds.set(result, nextResultId++);
  return resultIds.get(result);
};

/** The first step k meeting the criterion, or null. */
export function arrival(run, surface, fstar, { criterion, eps, delta }) {
  if (criterion === "distance") {
    if (!surface.minima.length) return null;
    for (let k = 0; k < run.x.length; k++) {
      if (surface.minima.some(([mx, my]) => Math.hypot(run.x[k] - mx, run.y[k] - my) < delta)) return k;
    }
    return null;
  }
  if (fstar === null) return null;
  const k = run.loss.findIndex((v) => v - fstar < eps);
  return k < 0 ? null : k;
}

/** Finishers by arrival (then final loss), then the rest by final loss, the diverged last. */
export function standings(runs, surface, fstar, rule) {
  const rows = runs.map((run) => {
    const final = run.loss[run.loss.length - 1];
    return { run, finish: arrival(run, surface, fstar, rule), final, gap: fstar === null ? null : final - fstar };
  });
  const group = (r) => (r.finish !== null ? 0 : r.run.status === "diverged" ? 2 : 1);
  rows.sort((a, b) => group(a) - group(b)
    || (group(a) === 0 ? a.finish - b.finish : 0)
    || (group(a) === 2 ? b.run.steps - a.run.steps : 0)
    || a.final - b.final); // prettier-ignore
  return rows;
}

/** "★2": the listed minimum nearest to a run's last point (its distance in the tooltip). */
function nearest(run, surface) {
  const k = run.x.length - 1;
  const d = surface.minima.map(([mx, my]) => Math.hypot(run.x[k] - mx, run.y[k] - my));
  if (!d.length) return "–";
  const i = d.indexOf(Math.min(...d));
  return el("span", { title: t("{d} from minimum {i}", { d: formatShort(d[i]), i: i + 1 }) }, `★${i + 1}`);
}

export function createRaceTab(ctx) {
  const { colourOf } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-race", dataset: { testid: "insights-plot-race" }, role: "figure", "aria-label": t("Steps each optimizer needed to arrive") });
  const body = el("tbody");
  const finalHead = el("th", { scope: "col", title: t("f at the last step minus f*, the lowest listed minimum's value") }, t("final f − f*"));
  const table = el("table", { class: "ins-table", dataset: { testid: "race-table" } },
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", title: t("Finishing place") }, "#"),
      el("th", { scope: "col" }, t("Optimizer")),
      el("th", { scope: "col", title: t("The first step that meets the finish rule") }, t("arrived")),
      finalHead,
      el("th", { scope: "col", title: t("The listed minimum closest to the last point (numbered as in the basin map)") }, t("ends near")),
      el("th", { scope: "col" }, t("status")))),
    body);
  const status = note("", { role: "status", dataset: { testid: "race-status" } });
  let shown = null; // {state, surface, fstar, rows, rule}

  const criterion = control({
    kind: "select", label: "Finish when", testid: "race-criterion", title: "What counts as arriving",
    options: [["loss", "f − f* < ε", "the loss is within ε of the lowest listed minimum"], ["distance", "within δ of a minimum", "the point is within distance δ of any listed minimum"]],
    onChange: (v) => ctx.set({ criterion: v }, 0),
  });
  const eps = control({ kind: "number", label: "ε", testid: "race-eps", title: "Loss tolerance: arrived at the first step with f − f* < ε", attrs: { min: 1e-12, max: 1e6 }, onChange: (v) => ctx.set({ eps: v }) });
  const delta = control({ kind: "number", label: "δ", testid: "race-delta", title: "Distance tolerance: arrived within δ of a listed minimum", attrs: { min: 1e-9, max: 1e6 }, onChange: (v) => ctx.set({ delta: v }) });

  const panel = el("div", {}, // the tab panel; its controls a form of their own (templates/index.html)
    el("form", { class: "ins-toolbar" }, criterion.field, eps.field, delta.field),
    el("div", { class: "ins-race" }, el("div", { class: "ins-race-table", tabindex: 0, role: "region", "aria-label": t("Race table (scrolls sideways)") }, table, status), plot),
  );

  function rule() {
    const s = ctx.settings();
    return { criterion: s.criterion, eps: s.eps, delta: s.delta };
  }

  function place(i, row) {
    if (row.finish === null) return el("span", { class: "ins-place dnf", title: row.run.status === "diverged" ? t("diverged") : t("did not arrive") }, row.run.status === "diverged" ? "✕" : "–");
    return el("span", { class: `ins-place ${MEDALS[i] ?? ""}`, title: t("place {n}", { n: i + 1 }) }, String(i + 1));
  }

  function drawTable() {
    finalHead.textContent = shown.fstar === null ? t("final f") : t("final f − f*");
    body.replaceChildren(...shown.rows.map((row, i) => {
      const { run } = row;
      const diverged = run.status === "diverged";
      return el("tr", { class: diverged ? "diverged" : row.finish === null ? "dnf" : "", dataset: { testid: "race-row", optimizer: run.optimizer, finish: row.finish ?? "" } },
        el("td", {}, place(i, row)),
        el("th", { scope: "row" }, el("span", { class: "swatch", style: `--colour: ${colourOf(run)}` }), run.label),
        el("td", {}, row.finish === null ? "–" : String(row.finish)),
        el("td", {}, formatShort(row.gap ?? row.final)),
        el("td", {}, nearest(run, shown.surface)),
        el("td", { title: diverged ? t("Left the finite range (|x| or |y| over 1e6, or f not finite)") : "" },
          diverged ? t("diverged @ {n}", { n: run.steps + 1 }) : row.finish === null ? t("still going") : t("✓ arrived")));
    }));
  }

  function figure(step) {
    const { rows, state } = shown;
    const steps = state.steps;
    const traces = rows.map((row) => {
      const { run } = row;
      const colour = colourOf(run);
      const diverged = run.status === "diverged";
      const x = row.finish ?? (diverged ? run.steps + 1 : steps);
      const text = row.finish !== null ? t("step {k}", { k: row.finish }) : diverged ? t("diverged at {n}", { n: run.steps + 1 }) : t("not arrived");
      return {
        type: "bar", orientation: "h", name: run.label, y: [run.label], x: [x], text: [text],
        textposition: "outside", cliponaxis: false, textfont: { size: 12 },
        marker: {
          color: row.finish !== null ? colour : "#ffffff",
          line: { color: colour, width: 1.5 },
          pattern: row.finish !== null ? undefined : { shape: diverged ? "x" : "/", fgcolor: colour, size: 7, solidity: 0.25 },
        },
        hovertemplate: `<b>${run.label}</b>: ${text}<extra></extra>`,
        meta: { optimizer: run.optimizer },
      };
    });
    const layout = withAxes(baseLayout({
      margin: { l: 96, r: 96, t: 12, b: 44 },
      bargap: 0.35,
      shapes: [stepLine(Math.min(step, steps))],
      uirevision: `${state.surface}`,
    }), {
      xaxis: { range: [0, steps], title: { text: t("step"), standoff: 4 } },
      yaxis: { autorange: "reversed", type: "category", ticks: "", showgrid: false },
    });
    return { traces, layout };
  }

  return {
    id: "race",
    label: "Race",
    title: "A leaderboard: who arrives at the minimum first in the current scene",
    working: "Scoring the race…",
    panel,

    key() {
      const now = ctx.shownNow();
      return now ? `${idOf(now.result)}|${JSON.stringify(rule())}` : null;
    },

    async compute(state, signal) {
      const now = ctx.shownNow();
      const surface = ctx.surfaceOf(now.state);
      const fstar = await fStar(surface, now.state);
      if (signal.aborted) return;
      const r = rule();
      shown = { state: now.state, surface, fstar, rule: r, rows: standings(now.result.runs, surface, fstar, r) };
      drawTable();
      const { traces, layout } = figure(state.step);
      plot.style.height = `${Math.max(170, 60 + 34 * traces.length)}px`;
      await Plotly.react(plot, traces, layout, PLOT_CONFIG);
      const finished = shown.rows.filter((row) => row.finish !== null).length;
      const what = r.criterion === "distance" ? t("within δ = {d} of a minimum", { d: formatShort(r.delta) }) : `f − f* < ε = ${formatShort(r.eps)}`;
      status.textContent = !surface.minima.length
        ? t("This surface lists no minimum, so nobody can arrive: ranked by final loss.")
        : t("{done} of {total} arrived ({what}) within {steps} steps.", { done: finished, total: shown.rows.length, what, steps: shown.state.steps });
      status.classList.remove("ins-error");
    },

    onStep(state) {
      if (!shown || !plot.layout) return;
      const step = Math.min(state.step, shown.state.steps);
      if (plot.layout.shapes?.[0]?.x0 === step) return;
      Plotly.relayout(plot, { shapes: [stepLine(step)] });
    },

    ...figureMethods(plot, status, () => {
      shown = null;
      body.replaceChildren();
    }),

    sync() {
      const s = ctx.settings();
      criterion.set(s.criterion);
      eps.set(s.eps);
      delta.set(s.delta);
      eps.field.hidden = s.criterion !== "loss";
      delta.field.hidden = s.criterion !== "distance";
    },

    exportCSV() {
      if (!shown) return;
      const rows = shown.rows.map((row, i) => [i + 1, row.run.optimizer, row.run.label, row.finish, row.final, row.gap, row.run.status, row.run.steps]);
      saveCSV(`optiscope-race-${shown.state.surface}.csv`, ["place", "optimizer", "label", "arrived_at", "final_loss", "gap_to_fstar", "status", "steps"], rows);
    },

    exportPNG() {
      if (shown) savePNG(`optiscope-race-${shown.state.surface}.png`, plot, `${shown.surface.name}: the race`);
    },
  };
}
