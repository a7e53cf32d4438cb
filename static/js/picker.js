// The optimizer picker: every declared optimizer, grouped by family and searchable, each with its
// one-line rule. An entry's checkbox (`optimizer-<id>`, CONTRACT section 8) is on while the
// optimizer has a run; ticking adds a run, unticking removes its first run. "+" adds another run.

import { el, setHidden, setText } from "./controls.js";
import { t } from "./i18n.js";
import { MAX_RUNS, addRun, firstRunOf, removeRun } from "./runs.js";
import { Change } from "./state.js";

// Families in teaching order, with their headings; a family not listed here follows, by name.
const FAMILIES = [
  ["gradient descent", "Classic"],
  ["momentum", "Momentum"],
  ["adaptive", "Adaptive"],
  ["sign", "Sign-based"],
  ["learning-rate-free", "Learning-rate-free"],
  ["schedule-free", "Schedule-free"],
  ["second-order", "Second-order"],
];

/** [[heading, optimizers]] in FAMILIES order, unknown families after (declaration order within). */
export function groupByFamily(optimizers) {
  const known = new Map(FAMILIES);
  const rank = (family) => (known.has(family) ? FAMILIES.findIndex(([f]) => f === family) : FAMILIES.length);
  const families = [...new Set(optimizers.map((o) => o.family))];
  families.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const heading = (f) => t(known.get(f) ?? f.charAt(0).toUpperCase() + f.slice(1));
  return families.map((f) => [heading(f), optimizers.filter((o) => o.family === f)]);
}

const searchText = (o) => [o.name, o.id, o.family, t(o.family), o.rule, t(o.rule), o.description, t(o.description)].join(" ").toLowerCase();

function entry(o, decls, store) {
  const box = el("input", { type: "checkbox", id: `opt-${o.id}`, title: t("Run {name}", { name: o.name }), dataset: { testid: `optimizer-${o.id}` } });
  box.addEventListener("change", () => {
    const on = box.checked;
    store.update((s) => {
      const i = firstRunOf(s, o.id);
      if (on && i < 0) return addRun(s, decls, o.id);
      if (!on && i >= 0) return removeRun(i)(s);
      return {};
    }, Change.RUN);
  });
  const count = el("span", { class: "pick-count", hidden: true });
  const add = el("button", { type: "button", class: "icon-button pick-add", title: t("Add a run of {name}", { name: o.name }), "aria-label": t("Add a run of {name}", { name: o.name }), dataset: { testid: `add-run-${o.id}` } }, "+");
  add.addEventListener("click", () => store.update((s) => addRun(s, decls, o.id), Change.RUN));
  const row = el("div", { class: "pick", title: t(o.description), dataset: { optimizer: o.id } },
    box,
    el("label", { for: box.id },
      el("span", { class: "pick-name" }, o.name), count,
      o.rule ? el("span", { class: "pick-rule" }, t(o.rule)) : null),
    add,
  );
  return {
    row,
    text: searchText(o),
    update(state) {
      const n = state.runs.filter((r) => r.optimizer === o.id).length;
      box.checked = n > 0;
      box.disabled = n === 0 && state.runs.length >= MAX_RUNS;
      add.disabled = state.runs.length >= MAX_RUNS;
      setHidden(count, n < 2);
      setText(count, `×${n}`);
      row.classList.toggle("on", n > 0);
    },
  };
}

/** The picker; returns `update(state)`. */
export function buildPicker(root, decls, store) {
  const search = el("input", { type: "search", id: "optimizer-search", placeholder: t("Find an optimizer…"), autocomplete: "off", dataset: { testid: "optimizer-search" } });
  const summary = el("p", { class: "pick-summary", "aria-live": "polite" });
  const groups = groupByFamily(decls.optimizers).map(([heading, list]) => {
    const entries = list.map((o) => entry(o, decls, store));
    const box = el("div", { class: "pick-family", role: "group", "aria-label": heading },
      el("h3", {}, heading), entries.map((e) => e.row));
    return { box, entries };
  });
  const none = el("p", { class: "hint", hidden: true }, t("No optimizer matches."));
  const list = el("div", { class: "pick-list", dataset: { testid: "optimizer-picker" } }, groups.map((g) => g.box), none);
  search.addEventListener("input", () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const g of groups) {
      let any = false;
      for (const e of g.entries) {
        const hit = words.every((w) => e.text.includes(w));
        e.row.hidden = !hit;
        any ||= hit;
        shown += hit ? 1 : 0;
      }
      g.box.hidden = !any;
    }
    none.hidden = shown > 0;
  });
  root.append(
    el("label", { for: search.id, class: "sr-only" }, t("Find an optimizer")), search, list, summary,
  );
  return (state) => {
    for (const g of groups) for (const e of g.entries) e.update(state);
    const n = state.runs.length;
    const text = t(n >= MAX_RUNS ? "{n} of {max} runs (the most one scene holds)" : "{n} of {max} runs", { n, max: MAX_RUNS });
    setText(summary, text);
  };
}
