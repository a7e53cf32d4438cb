// The learning rate each update used (exact: POST /api/run with include_state answers it per
// update), and the length of the step actually taken: for adaptive methods the two differ.

import { t } from "../i18n.js";
import { runLabels } from "../runs.js";
import { runRequest } from "../state.js";
import {
  PLOT_CONFIG, Plotly, baseLayout, chartPair, el, figureMethods, note, postJSON, saveCSV, savePNG,
  sceneProblem, stepLine, withAxes,
} from "./common.js";

const spansDecades = (values) => {
  const positive = values.filter((v) => v > 0);
  return positive.length === values.length && positive.length > 0 && Math.max(...positive) / Math.min(...positive) > 100;
};

/** Log where the rates span decades, showing three decades below the largest (decays to ~0 clip). */
function lrAxis(lrs) {
  if (!spansDecades(lrs)) return { type: "linear", rangemode: "tozero" };
  const top = Math.log10(Math.max(...lrs));
  const bottom = Math.max(Math.log10(Math.min(...lrs)), top - 3);
  return { type: "log", range: [bottom - 0.15, top + 0.15] };
}

export function createScheduleTab(ctx) {
  const { decls, colourOf } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-wide", dataset: { testid: "insights-plot-schedule" }, role: "figure", "aria-label": t("Learning rate and step length against the step") });
  const status = note("", { role: "status", dataset: { testid: "schedule-status" } });
  const about = el("div", { class: "ins-summary", dataset: { testid: "schedule-summary" } });
  const panel = el("div", {}, plot, el("div", { class: "ins-footer" }, status, about));
  let shown = null; // {state, runs: [{optimizer, label, lr, length}]}

  function scheduleText(state, i) {
    const schedule = state.runs[i]?.schedule ?? { name: "constant", params: {} };
    const decl = decls.schedules.find((s) => s.id === schedule.name);
    const params = Object.entries(schedule.params).map(([k, v]) => `${k} = ${v}`).join(", ");
    return `${t(decl?.name ?? schedule.name)}${params ? ` (${params})` : ""}`;
  }

  function figure(state) {
    const traces = [];
    for (const run of shown.runs) {
      const colour = colourOf(run);
      traces.push({
        type: "scatter", mode: "lines", name: run.label, legendgroup: String(run.run), x0: 0, dx: 1, y: run.lr,
        line: { color: colour, width: 2.2 }, meta: { optimizer: run.optimizer, run: run.run, role: "lr" },
        hovertemplate: `<b>${run.label}</b> ${t("update")} %{x}<br>lr = %{y:.4g}<extra></extra>`,
      });
      traces.push({
        type: "scatter", mode: "lines", name: run.label, legendgroup: String(run.run), showlegend: false, x0: 0, dx: 1, y: run.length,
        xaxis: "x2", yaxis: "y2", line: { color: colour, width: 1.6 }, opacity: 0.9, meta: { optimizer: run.optimizer, run: run.run, role: "step-length" },
        hovertemplate: `<b>${run.label}</b> ${t("update")} %{x}<br>‖Δx‖ = %{y:.3e}<extra></extra>`,
      });
    }
    const lrs = shown.runs.flatMap((r) => r.lr);
    const lengths = shown.runs.flatMap((r) => r.length).filter((v) => v > 0);
    const step = Math.max(0, Math.min(state.step, shown.state.steps) - 1);
    const [left, right] = chartPair();
    const layout = withAxes(baseLayout({
      margin: { l: 62, r: 14, t: 34, b: 44 },
      showlegend: true,
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 12 } },
      shapes: [stepLine(step, "x", "y domain"), stepLine(step, "x2", "y2 domain")],
      uirevision: state.surface,
    }), {
      xaxis: { domain: left.x, range: [0, shown.state.steps], title: { text: t("update t"), standoff: 4 } },
      yaxis: { domain: left.y, ...lrAxis(lrs), exponentformat: "power", title: { text: t("learning rate lr·factor(t)"), standoff: 4 } },
      xaxis2: { domain: right.x, anchor: "y2", range: [0, shown.state.steps], title: { text: t("update t"), standoff: 4 } },
      yaxis2: { domain: right.y, anchor: "x2", type: lengths.length ? "log" : "linear", exponentformat: "power", title: { text: t("step length ‖Δx‖"), standoff: 4 } },
    });
    return { traces, layout };
  }

  return {
    id: "schedule",
    label: "Schedule",
    title: "The learning rate each update used, and the length of the step it took",
    working: "Reading the schedule…",
    panel,

    key(state) {
      const problem = sceneProblem(state, decls);
      return problem ? `problem:${problem}` : JSON.stringify(runRequest(state));
    },

    async compute(state, signal, progress) {
      const problem = sceneProblem(state, decls);
      if (problem) {
        this.showError(problem);
        return;
      }
      progress(null, t("Running the scene with its optimizer state…"));
      const answer = await postJSON("/api/run", { ...runRequest(state), include_state: true }, signal);
      if (signal.aborted) return;
      const labels = runLabels(state.runs, decls);
      shown = {
        state,
        runs: answer.runs.map((run, i) => ({
          optimizer: run.optimizer, run: i, label: labels[i], lr: run.state.lr,
          length: run.state.update.map(([dx, dy]) => Math.hypot(dx, dy)),
        })),
      };
      const { traces, layout } = figure(state);
      await Plotly.react(plot, traces, layout, PLOT_CONFIG);
      status.textContent = t("Left: the scheduled learning rate of each update. Right: how far each update actually moved; adaptive methods rescale the rate by their gradient statistics.");
      status.classList.remove("ins-error");
      about.replaceChildren(...shown.runs.map((run) => el("p", { class: "ins-summary-row" },
        el("span", { class: "swatch", style: `--colour: ${colourOf(run)}` }), el("strong", {}, run.label), ` ${scheduleText(state, run.run)}`)));
    },

    onStep(state) {
      if (!shown || !plot.layout) return;
      const step = Math.max(0, Math.min(state.step, shown.state.steps) - 1);
      if (plot.layout.shapes?.[0]?.x0 === step) return;
      Plotly.relayout(plot, { shapes: [stepLine(step, "x", "y domain"), stepLine(step, "x2", "y2 domain")] });
    },

    ...figureMethods(plot, status, () => {
      shown = null;
      about.replaceChildren();
    }),

    exportCSV() {
      if (!shown) return;
      const rows = shown.runs.flatMap((run) => run.lr.map((lr, t) => [run.optimizer, t, lr, run.length[t]]));
      saveCSV(`optiscope-schedule-${shown.state.surface}.csv`, ["optimizer", "update", "lr", "step_length"], rows);
    },

    exportPNG() {
      if (shown) savePNG(`optiscope-schedule-${shown.state.surface}.png`, plot, "Learning rate and step length");
    },
  };
}
