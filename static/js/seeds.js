// Many seeds: with gradient noise (or mini-batches) one path is one draw of chance. This runs the
// scene under K seeds (POST /api/seeds: noise seeds s, s+1, …, s = the scene's seed) and draws
// every path faintly on the contour, and the p10–p90 band and median of the loss on the loss plot.
// Extra traces carry meta.role (never meta.optimizer), so the contract's one-trace-per-optimizer
// counts hold.
//
// Hooks for tests: [data-testid=seeds][data-state] is "idle" | "busy" | "ready" | "error".

import { post } from "./api.js";
import { el, setText } from "./controls.js";
import { t } from "./i18n.js";
import { followScene } from "./labkit.js";
import { Change, runRequest } from "./state.js";

const MIN = 2;
const MAX = 32;

function rgba(colour, alpha) {
  const hex = colour.replace("#", "");
  if (!/^[0-9a-f]{6}$/i.test(hex)) return colour;
  const n = parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const eligible = (request) => request.noise?.std > 0 || Boolean(request.batch);

function pathTraces(run, colour, step) {
  return run.paths.map((path) => {
    const k = Math.min(step, path.x.length - 1);
    return {
      type: "scatter", mode: "lines", name: `${run.label}, seed ${path.seed}`,
      x: path.x.slice(0, k + 1), y: path.y.slice(0, k + 1),
      line: { color: colour, width: 1.1 }, opacity: 0.32, hoverinfo: "skip", showlegend: false,
      meta: { role: "seed-path", of: run.optimizer, seed: path.seed },
    };
  });
}

/** The p10–p90 band as one filled polygon, and the median dashed (steps where both ends are finite). */
function bandTraces(run, colour) {
  const { p10, p50, p90 } = run.band;
  const at = [];
  for (let k = 0; k < p10.length; k++) if (Number.isFinite(p10[k]) && Number.isFinite(p90[k])) at.push(k);
  return [
    {
      type: "scatter", mode: "lines", name: `${run.label} p10–p90`,
      x: [...at, ...[...at].reverse()], y: [...at.map((k) => p90[k]), ...[...at].reverse().map((k) => p10[k])],
      fill: "toself", fillcolor: rgba(colour, 0.22), line: { width: 0, color: colour }, hoverinfo: "skip", showlegend: false,
      meta: { role: "seed-band", of: run.optimizer },
    },
    {
      type: "scatter", mode: "lines", name: `${run.label} median`, y: p50, x0: 0, dx: 1,
      line: { color: colour, width: 1.8, dash: "dot" }, showlegend: false,
      hovertemplate: `<b>${run.label}</b> ${t("median of the seeds")}, ${t("step")} %{x}<br>f = %{y:.4g}<extra></extra>`,
      meta: { role: "seed-median", of: run.optimizer },
    },
  ];
}

/**
 * @param {HTMLElement} root  an empty container under the scene's noise controls
 * @param {{store: object, view: object, colourOf: (id: string) => string,
 *   shown: () => ({state: object, result: object} | null)}} options
 */
export function mountSeeds(root, { store, view, colourOf, shown }) {
  let on = false;
  let count = 8;
  let data = null;
  let validFor = null;

  const toggle = el("input", { type: "checkbox", id: "seeds-toggle", dataset: { testid: "seeds-toggle" },
    title: t("Run the scene under several noise seeds: faint paths, and the loss's p10–p90 band and median") });
  const number = el("input", { type: "number", id: "seeds-count", min: MIN, max: MAX, step: 1, value: count,
    title: t("How many seeds ({min} to {max})", { min: MIN, max: MAX }), dataset: { testid: "seeds-count" } });
  const status = el("p", { class: "hint seeds-status", "aria-live": "polite", dataset: { testid: "seeds-status" } });
  root.dataset.testid = "seeds";
  root.dataset.state = "idle";
  root.append(
    el("div", { class: "row seeds-row" },
      el("label", { class: "check", for: "seeds-toggle", title: toggle.title }, toggle, t("Seeds")),
      el("label", { class: "sr-only", for: "seeds-count" }, t("Number of seeds")), number),
    status);

  // The seeds' runs are the scene's, in its order: each takes its run's colour and label.
  const runsOf = (result) => data.runs.map((run, i) => ({ ...run, label: result.runs[i]?.label ?? run.label }));
  const layer = {
    main: (step, result) => (on && data && result === validFor ? runsOf(result).flatMap((run, i) => pathTraces(run, colourOf(i), step)) : []),
    loss: (result) => (on && data && result === validFor ? runsOf(result).flatMap((run, i) => bandTraces(run, colourOf(i))) : []),
  };

  let problem = "";
  const follow = followScene({
    store, shown,
    keyOf: (state) => {
      const request = runRequest(state);
      return on && eligible(request) ? JSON.stringify([request, count]) : null;
    },
    load: (state, signal) => post("/api/seeds", { ...runRequest(state), seeds: { count, first: state.noise.seed } }, { signal }),
    onShown(loaded, result) {
      const fresh = loaded !== data || result !== validFor;
      data = loaded;
      validFor = result;
      if (fresh) view.setLayer("seeds", layer);
    },
    onIdle() {
      data = null;
      validFor = null;
      view.setLayer("seeds", null);
    },
    onStatus(value, detail) {
      root.dataset.state = value;
      problem = value === "error" ? detail : "";
      describe(store.get());
    },
  });

  function describe(state) {
    const ok = eligible(runRequest(state));
    for (const input of [toggle, number]) if (input.disabled !== !ok) input.disabled = !ok;
    const seed = state.noise.seed;
    if (!ok) setText(status, t("Add gradient noise σ > 0 (or mini-batches) to compare seeds."));
    else if (!on) setText(status, t("Seeds: see how much of each path is luck."));
    else if (problem) setText(status, problem);
    else if (root.dataset.state === "busy") setText(status, t("Running {count} seeds…", { count }));
    else setText(status, t("{count} seeds ({first}…{last}): faint paths; loss band p10–p90, median dotted.", { count, first: seed, last: seed + count - 1 }));
    status.classList.toggle("error", Boolean(problem));
  }

  toggle.addEventListener("change", () => {
    on = toggle.checked;
    follow.refresh();
    describe(store.get());
  });
  number.addEventListener("change", () => {
    const v = Math.round(Number(number.value));
    const valid = Number.isFinite(v) && v >= MIN && v <= MAX;
    number.toggleAttribute("aria-invalid", !valid);
    if (!valid) return;
    count = v;
    follow.refresh();
  });
  store.subscribe((state, change) => {
    if (change !== Change.RUN) return;
    follow.refresh();
    describe(state);
  });
  describe(store.get());
}
