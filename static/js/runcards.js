// One card per run: its label and look, its parameters (`param-<tag>-<name>`, the tag being the
// optimizer id for its first run, `id.k` for its k-th: runs.runTag), its schedule, and buttons
// to copy or remove it. Cards follow the store; they are rebuilt only when the list of runs changes.

import { el, icon, paramRow, setHidden, setText, typedRow } from "./controls.js";
import { paramName, t } from "./i18n.js";
import { MAX_RUNS, changeRun, removeRun, runLabels, runStyle, runTag } from "./runs.js";
import { Change, scheduleDefaults } from "./state.js";

/** A short line in the run's colour and dash: the same look as its path. */
export function lineSample(i) {
  const ns = "http://www.w3.org/2000/svg";
  const style = runStyle(i);
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 28 6");
  svg.setAttribute("class", "line-sample");
  svg.setAttribute("aria-hidden", "true");
  const line = document.createElementNS(ns, "line");
  for (const [k, v] of Object.entries({ x1: 1, y1: 3, x2: 27, y2: 3, stroke: style.colour, "stroke-width": 3, "stroke-dasharray": style.dash.join(" ") || "none" })) {
    line.setAttribute(k, String(v));
  }
  svg.append(line);
  return svg;
}

const COPY = "M6 6h7v7H6zM7 7v5h5V7zM3 3h7v2H9V4H4v5h1v1H3z"; // two sheets: the copy icon

const setSchedule = (i, schedule) => changeRun(i, (r) => ({ ...r, schedule }));

function scheduleBlock(i, tag, name, decls, store) {
  const select = el("select", { id: `schedule-${tag}`, title: t("How the learning rate changes over the steps"), "aria-label": t("{name} learning-rate schedule", { name }), dataset: { testid: `schedule-${tag}` } },
    decls.schedules.map((s) => el("option", { value: s.id, title: t(s.description ?? "") }, t(s.name))),
  );
  select.addEventListener("change", () => {
    const name = select.value;
    store.update((s) => setSchedule(i, { name, params: scheduleDefaults(decls, name, s.steps) })(s), Change.RUN);
  });
  const params = el("div", { class: "schedule-params" });
  const about = el("p", { class: "schedule-about" });
  let shown = null;
  let rows = [];
  const block = el("div", { class: "schedule" },
    el("div", { class: "param" }, el("label", { for: select.id, title: t("Learning-rate schedule") }, t("schedule")), select),
    about, params,
  );
  return {
    block,
    update(schedule) {
      select.value = schedule.name;
      const sdecl = decls.schedules.find((s) => s.id === schedule.name);
      about.textContent = schedule.name === "constant" ? "" : t(sdecl?.description ?? "");
      if (shown !== schedule.name) {
        shown = schedule.name;
        rows = (sdecl?.params ?? []).map((p) => {
          const row = paramRow({
            p, id: `schedule-${tag}-${p.name}`, label: t("{name} schedule {param}", { name, param: p.name }), testid: `schedule-${tag}-${p.name}`,
            onValue: (v) => store.update(changeRun(i, (r) => ({ ...r, schedule: { ...r.schedule, params: { ...r.schedule.params, [p.name]: v } } })), Change.RUN),
          });
          return { p, ...row };
        });
        params.replaceChildren(...rows.map((r) => r.row));
      }
      for (const r of rows) r.set(schedule.params[r.p.name] ?? r.p.default);
    },
  };
}

function runCard(i, tag, decl, decls, store) {
  // Its accessible name: the optimizer's, numbered from its second run ("Adam learning rate", "SGD #2 learning rate").
  const k = tag.includes(".") ? Number(tag.slice(tag.lastIndexOf(".") + 1)) : 1;
  const who = k > 1 ? `${decl.name} #${k}` : decl.name;
  const badge = el("span", { class: "badge", hidden: true });
  const name = el("span", { class: "opt-name" });
  const rows = decl.params.map((p) => ({
    p,
    ...typedRow({ p, id: `param-${tag}-${p.name}`, label: `${who} ${paramName(p.name)}`, testid: `param-${tag}-${p.name}`,
                  onValue: (v) => store.update(changeRun(i, (r) => ({ ...r, params: { ...r.params, [p.name]: v } })), Change.RUN) }), // prettier-ignore
  }));
  const schedule = scheduleBlock(i, tag, who, decls, store);
  const defaults = el("button", { type: "button", class: "link-button", title: t("Every parameter of this run back to {name}'s default", { name: decl.name }), "aria-label": t("{name}: every parameter back to its default", { name: who }), dataset: { testid: `defaults-${tag}` } }, t("defaults"));
  defaults.addEventListener("click", () => store.update(changeRun(i, (r) => ({
    ...r, params: Object.fromEntries(decl.params.map((p) => [p.name, p.default])), schedule: { name: "constant", params: {} },
  })), Change.RUN));
  const copy = el("button", { type: "button", class: "icon-button", title: t("Run it again with its own settings (a copy of this run)"), "aria-label": t("Copy run {name}", { name: who }), dataset: { testid: `copy-run-${tag}` } }, icon(COPY));
  copy.addEventListener("click", () => store.update((s) => (s.runs.length < MAX_RUNS ? { runs: [...s.runs, structuredClone(s.runs[i])] } : {}), Change.RUN));
  const remove = el("button", { type: "button", class: "icon-button", title: t("Remove this run"), "aria-label": t("Remove run {name}", { name: who }), dataset: { testid: `remove-run-${tag}` } }, "×");
  remove.addEventListener("click", () => store.update(removeRun(i), Change.RUN));
  const body = el("form", { class: "opt-body" }, // a form of its own: see templates/index.html
    decl.rule ? el("p", { class: "rule", title: t("The update, with g the gradient") }, t(decl.rule)) : null,
    el("p", { class: "opt-description" }, t(decl.description)),
    rows.map((r) => r.row),
    schedule.block,
    el("div", { class: "opt-footer" }, defaults),
  );
  const card = el("article", { class: "opt on", style: `--colour: ${runStyle(i).colour}`, dataset: { testid: `run-${tag}`, optimizer: decl.id } },
    el("div", { class: "opt-head", title: t(decl.description) }, lineSample(i), name, badge, el("span", { class: "run-actions" }, copy, remove)),
    body,
  );
  return {
    card,
    update(state, label, result) {
      const run = state.runs[i];
      setText(name, label);
      copy.disabled = state.runs.length >= MAX_RUNS;
      for (const r of rows) r.set(run.params[r.p.name]);
      schedule.update(run.schedule);
      const answer = result?.runs[i]?.optimizer === run.optimizer ? result.runs[i] : null;
      const text = answer?.status === "diverged" ? t("diverged at step {n}", { n: answer.steps + 1 }) : "";
      setText(badge, text);
      setHidden(badge, !text);
    },
  };
}

/** The cards of the chosen runs; returns `update(state, result)`. */
export function buildRunCards(root, decls, store) {
  let cards = []; // [{key, card, update}]
  const empty = el("p", { class: "hint" }, t("No runs: pick an optimizer above."));
  return (state, result) => {
    const keys = state.runs.map((_, i) => `${i}:${runTag(state.runs, i)}`);
    if (keys.join() !== cards.map((c) => c.key).join()) {
      const old = new Map(cards.map((c) => [c.key, c]));
      cards = state.runs.map((run, i) => old.get(keys[i]) ?? {
        key: keys[i], ...runCard(i, runTag(state.runs, i), decls.optimizers.find((o) => o.id === run.optimizer), decls, store),
      });
      root.replaceChildren(...(cards.length ? cards.map((c) => c.card) : [empty]));
    }
    const labels = runLabels(state.runs, decls);
    cards.forEach((c, i) => {
      c.update(state, labels[i], result);
    });
  };
}
