// Fair comparison: how the learning rates are set. "Manual" leaves each optimizer's own slider;
// "Same lr" is one slider for every run; "Tune each" asks POST /api/tune for each run's best lr
// on this scene (by a stated criterion), applies them and badges each run's card.
//
// Hooks for tests: [data-testid=tuning][data-state] is "idle" | "busy" | "ready" | "error";
// [data-testid=tuned-lr-<tag>] (runs.runTag: the optimizer id for its first run) carries the
// tuned lr in data-lr.

import { post } from "./api.js";
import { el, paramRow, segmented } from "./controls.js";
import { t } from "./i18n.js";
import { progressBar } from "./labkit.js";
import { formatNumber } from "./plot.js";
import { runLabels, runTag } from "./runs.js";
import { Change, runRequest } from "./state.js";

const CRITERIA = [
  ["final_loss", t("final loss (diverged = worst)"), t("The loss after the last step; a run that diverges scores worst")],
  ["auc", t("area under the loss curve"), t("The mean loss over every iterate: rewards getting low early, not only ending low")],
];
const SAME_LR = { name: "lr", min: 1e-5, max: 1, default: 0.01, log: true, description: "the learning rate of every run" };

/** The scene with the learning rates left out: tuning answers for it whatever the lrs are. */
function sceneKey(state) {
  const request = runRequest(state);
  return JSON.stringify({ ...request, runs: request.runs.map(({ params, ...run }) => ({ ...run, params: { ...params, lr: null } })) });
}

/**
 * @param {HTMLElement} root  an empty container in the sidebar
 * @param {{decls: object, store: object, colourOf: (id: string) => string}} options
 */
export function mountTuning(root, { decls, store, colourOf }) {
  let mode = "manual";
  let criterion = CRITERIA[0][0];
  let tuned = null; // {key, criterion, values, runs: [{optimizer, label, lr, score, status}]}
  let job = null; // {controller, timer}
  let common = SAME_LR.default;

  const declOf = (id) => decls.optimizers.find((o) => o.id === id);
  const clampLr = (id, v) => {
    const p = declOf(id)?.params.find((q) => q.name === "lr");
    return p ? Math.min(p.max, Math.max(p.min, v)) : v;
  };
  /** The state with run i's lr set to lrOf(i, run) (null: left as it is). */
  const withLrs = (s, lrOf) => ({
    runs: s.runs.map((r, i) => {
      const lr = lrOf(i, r);
      return lr === null ? r : { ...r, params: { ...r.params, lr } };
    }),
  });

  const modes = segmented("lr-mode", t("How the learning rates are set"), [
    ["manual", t("Manual"), t("Each optimizer's own lr slider")],
    ["same", t("Same lr"), t("One lr slider for every run")],
    ["tune", t("Tune each"), t("Each run at its best lr on this scene, chosen from 25 values between 1e-4 and 1")],
  ], (value) => pick(value));

  const same = paramRow({ p: SAME_LR, id: "lr-all", label: t("Learning rate of every run"), testid: "lr-all", onValue: (v) => setCommon(v) });
  const sameBox = el("div", { class: "lr-same", hidden: true }, same.row, el("p", { class: "hint" }, t("Every run runs with this lr.")));

  const criterionSelect = el("select", { id: "tune-criterion", title: t("What \"best\" means when tuning"), dataset: { testid: "tune-criterion" } },
    CRITERIA.map(([value, label, title]) => el("option", { value, title }, label)));
  criterionSelect.addEventListener("change", () => {
    criterion = criterionSelect.value;
    if (mode === "tune") tune();
  });
  const again = el("button", { type: "button", class: "button", title: t("Tune the learning rates again for the scene as it is now"), dataset: { testid: "tune-run" } }, t("Tune"));
  again.addEventListener("click", () => tune());
  const cancel = el("button", { type: "button", class: "link-button", title: t("Stop tuning"), hidden: true, dataset: { testid: "tune-cancel" } }, t("cancel"));
  cancel.addEventListener("click", () => job?.controller.abort());
  const progress = progressBar(t("Tuning the learning rates"), "tune-progress");
  const results = el("ul", { class: "tune-results", "aria-live": "polite", dataset: { testid: "tune-results" } });
  const tuneBox = el("div", { class: "lr-tune", hidden: true },
    el("div", { class: "row tune-row" },
      el("div", { class: "field" }, el("label", { for: "tune-criterion", title: criterionSelect.title }, t("Best by")), criterionSelect),
      again),
    el("div", { class: "tune-progress-row" }, progress.box, cancel),
    results);

  root.dataset.testid = "tuning";
  root.dataset.state = "idle";
  root.append(modes.group, sameBox, tuneBox);
  modes.set(mode);

  /** The tuned-lr badge in run `tag`'s card head, beside its name (made on first use: cards come and go). */
  function badgeOf(tag) {
    const head = document.querySelector(`[data-testid="run-${tag}"] .opt-head`);
    if (!head) return null;
    let badge = head.querySelector(".lr-badge");
    if (!badge) {
      badge = el("span", { class: "lr-badge", hidden: true, dataset: { testid: `tuned-lr-${tag}` } });
      head.insertBefore(badge, head.querySelector(".badge"));
    }
    return badge;
  }

  function pick(value) {
    mode = value;
    modes.set(mode);
    sameBox.hidden = mode !== "same";
    tuneBox.hidden = mode !== "tune";
    if (mode !== "tune") job?.controller.abort();
    if (mode === "same") {
      const state = store.get();
      common = state.runs[0]?.params.lr ?? common;
      same.set(common);
      setCommon(common);
    } else if (mode === "tune" && (!tuned || tuned.key !== sceneKey(store.get()) || tuned.criterion !== criterion)) {
      tune();
    }
    sync(store.get());
  }

  function setCommon(v) {
    common = v;
    same.set(v);
    store.update((s) => withLrs(s, (_, r) => clampLr(r.optimizer, v)), Change.RUN);
  }

  async function tune() {
    job?.controller.abort();
    const state = store.get();
    if (!state.runs.length) return;
    const controller = new AbortController();
    const started = performance.now();
    const what = t(state.runs.length > 1 ? "Trying 25 learning rates × {n} runs" : "Trying 25 learning rates × 1 run", { n: state.runs.length });
    const tick = () => progress.set(null, `${what}… ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const current = { controller, timer: setInterval(tick, 200) };
    job = current;
    tick();
    cancel.hidden = false;
    again.disabled = true;
    root.dataset.state = "busy";
    try {
      const answer = await post("/api/tune", { ...runRequest(state), tune: { criterion } }, { signal: controller.signal });
      const labels = runLabels(state.runs, decls);
      tuned = { key: sceneKey(state), criterion, values: answer.values, runs: answer.runs.map((r, i) => ({ ...r, label: labels[i], run: i })) };
      const lrOf = (i, r) => (answer.runs[i]?.optimizer === r.optimizer ? answer.runs[i].lr : null);
      store.update((s) => withLrs(s, lrOf), Change.RUN);
      root.dataset.state = "ready";
    } catch (error) {
      if (job !== current) return; // a newer tuning replaced this one
      root.dataset.state = controller.signal.aborted ? "idle" : "error";
      results.replaceChildren(el("li", { class: "error" }, controller.signal.aborted ? t("Tuning cancelled.") : t("Tuning failed: {message}", { message: error.message })));
    } finally {
      clearInterval(current.timer);
      if (job === current) {
        job = null;
        progress.hide();
        cancel.hidden = true;
        again.disabled = false;
        sync(store.get());
      }
    }
  }

  const describe = (run) => (run.lr === null ? t("every lr tried diverged") : t("score {v}", { v: formatNumber(run.score[tuned.values.indexOf(run.lr)]) }));

  function sync(state) {
    const valid = tuned && tuned.key === sceneKey(state);
    state.runs.forEach((mine, i) => {
      const badge = badgeOf(runTag(state.runs, i));
      const run = tuned?.runs[i];
      const inUse = Boolean(valid && run && run.optimizer === mine.optimizer && (run.lr === null || mine.params.lr === run.lr));
      if (!badge) return;
      if (badge.hidden === inUse) badge.hidden = !inUse; // unchanged: no write, no style pass
      if (!inUse) return;
      badge.classList.toggle("none", run.lr === null);
      badge.textContent = run.lr === null ? t("no lr works") : `lr ${formatNumber(run.lr)} ★`;
      badge.dataset.lr = run.lr === null ? "" : String(run.lr);
      badge.title = t("Tuned by {criterion}: {score}", { criterion: CRITERIA.find(([c]) => c === tuned.criterion)[1], score: describe(run) });
    });
    if (!tuned || job) return;
    const stale = !valid ? [el("li", { class: "stale" }, t("The scene changed since tuning: press Tune to tune again."))] : [];
    results.replaceChildren(...stale, ...tuned.runs.map((run) => el("li", { style: `--colour: ${colourOf(run)}` },
      el("span", { class: "swatch", "aria-hidden": "true" }), el("span", { class: "tune-name" }, run.label),
      el("span", { class: "tune-lr" }, run.lr === null ? "—" : `lr ${formatNumber(run.lr)}`),
      el("span", { class: "tune-score" }, describe(run)))));
  }

  let runsBefore = store.get().runs.length;
  store.subscribe((state, change) => {
    if (change !== Change.RUN) return;
    const added = state.runs.length > runsBefore;
    runsBefore = state.runs.length;
    if (mode === "same") {
      if (added) queueMicrotask(() => setCommon(common)); // a new run joins in
      else if (state.runs.some((r) => r.params.lr !== clampLr(r.optimizer, common))) pick("manual"); // one slider moved
    }
    sync(state);
  });
  sync(store.get());
}
