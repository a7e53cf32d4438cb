// Values typed into a number box that the page can judge itself (issue 16): out of range, not a
// whole number, not a number. The box is marked, the scene on screen stays the last valid one
// (nothing reaches the store), and the error banner says what is wrong until the box is fixed.

import { t } from "./i18n.js";

/** Whether `limits` ({min, max, type}) admit `v`; marks `input` and tells the page either way. */
export function markInvalid(input, label, v, { min, max, type }) {
  let problem = "";
  if (!Number.isFinite(v)) problem = t("{label}: enter a number", { label });
  else if (type === "int" && !Number.isInteger(v)) problem = t("{label}: {v} is not a whole number", { label, v });
  else if (v < min || v > max) problem = t("{label}: {v} is outside {min} – {max}", { label, v, min, max });
  input.toggleAttribute("aria-invalid", Boolean(problem));
  // The banner may be far above the box (on a phone, a screen or two): the browser's own bubble
  // says why at the box itself, while it has the focus.
  input.setCustomValidity(problem);
  if (problem && document.activeElement === input) input.reportValidity();
  input.dispatchEvent(new CustomEvent("optiscope:field", { bubbles: true, detail: { key: input.id || input.dataset.testid, problem } }));
  return !problem;
}

/** Follows every box's verdict; `onChange(problems)` gets the current list of problems. */
export function watchFields(root, onChange) {
  const problems = new Map();
  root.addEventListener("optiscope:field", (event) => {
    const { key, problem } = event.detail;
    if (problem) problems.set(key, problem);
    else if (!problems.delete(key)) return;
    onChange([...problems.values()]);
  });
  return {
    /** A new scene from elsewhere (a lesson, Back, reset) replaces what the boxes held. */
    clear() {
      for (const input of root.querySelectorAll("input[aria-invalid]")) {
        input.removeAttribute("aria-invalid");
        input.setCustomValidity("");
      }
      if (problems.size) {
        problems.clear();
        onChange([]);
      }
    },
  };
}

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/**
 * The valid scene nearest to a link's (issue 16: `steps=-5` opens with 1 step, not a refusal):
 * every number moved into its declared range. Returns `{state, fixed}`, `fixed` naming each change.
 */
export function nearestValid(state, decls) {
  const fixed = [];
  const near = (label, v, lo, hi, whole = false) => {
    const to = clamp(whole ? Math.round(v) : v, lo, hi);
    if (to !== v) fixed.push(`${label} ${v} → ${to}`);
    return to;
  };
  const next = structuredClone(state);
  next.steps = near(t("Steps"), state.steps, 1, 20000, true);
  next.step = state.step >= state.steps ? next.steps : clamp(Math.round(state.step), 0, next.steps); // the end stays the end
  next.noise = { std: near(t("Gradient noise σ"), state.noise.std, 0, 100), seed: near(t("Seed"), state.noise.seed, 0, 2 ** 32 - 1, true) };
  next.start = state.start.map((v, i) => near(i ? t("Start y") : t("Start x"), v, -1e6, 1e6));
  for (const run of next.runs) {
    const o = decls.optimizers.find((d) => d.id === run.optimizer);
    if (!o) continue;
    for (const p of o.params) {
      const v = run.params[p.name];
      if (typeof v === "number" && p.type !== "choice" && p.type !== "bool") {
        run.params[p.name] = near(`${o.name} ${p.name}`, v, p.min, p.max, p.type === "int");
      }
    }
    const schedule = run.schedule;
    for (const p of decls.schedules.find((s) => s.id === schedule.name)?.params ?? []) {
      if (p.name in schedule.params) schedule.params[p.name] = near(`${o.name} ${p.name}`, schedule.params[p.name], p.min, p.max);
    }
  }
  return { state: next, fixed };
}
