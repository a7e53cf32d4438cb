// "Your own function" (issue 6): the formula field under the surface picker. While the user types,
// the formula is checked (debounced) with a small POST /api/grid; the server's refusal is shown
// under the field with a caret under the column it names, and only a valid formula reaches the
// state (and so runs). Shown while the picker is on "Custom formula…".
//
// Hooks for tests: #formula-controls[data-check] is "idle" | "checking" | "ok" | "error";
// data-testid formula-input, formula-message, formula-echo, formula-x-min … formula-y-max,
// formula-example-<i>.

import { el, setHidden } from "./controls.js";
import { t } from "./i18n.js";
import { Change } from "./state.js";
import { CUSTOM, MAX_EXPRESSION, checkFormula, defaultStart, formulaOf, inDomain, nearestDefined } from "./surfaces.js";

const CHECK_DELAY_MS = 200;

export const EXAMPLES = [
  { name: t("Ravine"), expression: "x^2 + 10*y^2", domain: { x: [-5, 5], y: [-5, 5] }, title: t("A bowl ten times steeper along y than along x") },
  { name: t("Egg crate"), expression: "sin(x)*cos(y) + 0.1*(x^2+y^2)", domain: { x: [-5, 5], y: [-5, 5] }, title: t("Many local minima on a shallow bowl") },
  { name: "Rosenbrock", expression: "(1 - x)^2 + 100*(y - x^2)^2", domain: { x: [-2, 2], y: [-1, 3] }, title: t("The curved valley, typed by hand") },
  { name: t("Double well"), expression: "(x^2 - 1)^2 + 0.5*y^2", domain: { x: [-2, 2], y: [-1.5, 1.5] }, title: t("Two minima at (±1, 0) split by a ridge") },
];

const AXES = [["x", 0, "min"], ["x", 1, "max"], ["y", 0, "min"], ["y", 1, "max"]];

const sameFormula = (a, b) => a.expression === b.expression && JSON.stringify(a.domain) === JSON.stringify(b.domain);

/** The expression with the character at `column` (1-based) marked, and a caret line beneath. */
function echoLines(expression, column) {
  const at = Math.min(Math.max(column - 1, 0), expression.length);
  const line = el("span", { class: "echo-line" },
    expression.slice(0, at), el("mark", {}, expression.slice(at, at + 1) || " "), expression.slice(at + 1));
  return [line, "\n", el("span", { class: "echo-caret" }, `${" ".repeat(at)}^ ${t("column {n}", { n: column })}`)];
}

function domainInputs(onChange) {
  const inputs = AXES.map(([axis, end, word]) => el("input", {
    type: "number", step: "any", id: `formula-${axis}-${word}`, class: "domain-input",
    title: word === "min" ? t("Lowest {axis} of the plotted domain", { axis }) : t("Highest {axis} of the plotted domain", { axis }),
    "aria-label": `${axis} ${word}`, dataset: { testid: `formula-${axis}-${word}`, axis, end },
  }));
  for (const input of inputs) input.addEventListener("change", onChange);
  const row = (axis, a, b) => el("div", { class: "domain-row" },
    el("label", { for: a.id, class: "domain-axis", title: t("The plotted range of {axis}", { axis }) }, axis),
    a, el("span", { class: "domain-to", "aria-hidden": "true" }, "–"), b);
  return {
    inputs,
    block: el("fieldset", { class: "domain", title: t("The plotted domain; the default start sits 20 % in from the left, 30 % down from the top") },
      el("legend", {}, t("Domain")), row("x", inputs[0], inputs[1]), row("y", inputs[2], inputs[3])),
    read() {
      const v = inputs.map((i) => (i.value.trim() === "" ? NaN : Number(i.value)));
      return v.every(Number.isFinite) ? { x: [v[0], v[1]], y: [v[2], v[3]] } : null;
    },
    set(domain, force = false) {
      inputs.forEach((input, i) => {
        if (force || document.activeElement !== input) input.value = String(domain[AXES[i][0]][AXES[i][1]]);
      });
    },
  };
}

/** Build the formula panel into `root`; it follows the store by itself. */
export function mountFormula(root, { store }) {
  const input = el("input", {
    type: "text", id: "formula-input", class: "formula-input", maxlength: MAX_EXPRESSION,
    spellcheck: false, autocomplete: "off", autocapitalize: "off", "aria-describedby": "formula-message",
    title: t("f(x, y): numbers, x, y, pi, e, + − * / ^, sin cos tan exp log sqrt abs tanh sinh cosh atan (one argument), atan2 min max (two)"),
    placeholder: t("e.g. x^2 + 10*y^2"), dataset: { testid: "formula-input" },
  });
  const echo = el("pre", { class: "formula-echo", "aria-hidden": "true", hidden: true, dataset: { testid: "formula-echo" } });
  const message = el("p", { id: "formula-message", class: "formula-message", role: "status", dataset: { testid: "formula-message" } });
  const domain = domainInputs(() => check(0));
  const chips = EXAMPLES.map((example, i) => {
    const chip = el("button", { type: "button", class: "chip", title: `${example.title}: ${example.expression}`, dataset: { testid: `formula-example-${i}` } }, example.name);
    chip.addEventListener("click", () => {
      input.value = example.expression;
      domain.set(example.domain, true);
      check(0, true);
    });
    return chip;
  });
  root.append(el("div", { class: "formula-panel" },
    el("div", { class: "formula-field" }, el("label", { for: input.id, title: input.title }, "f(x, y) ="), input),
    echo, message, domain.block,
    el("div", { class: "formula-examples" }, el("span", { class: "field-label", title: t("One click loads the example and its domain") }, t("Try")), el("div", { class: "chips" }, chips)),
    el("p", { class: "hint formula-grammar" }, el("code", {}, "x, y, pi, e · + − * / ^ · sin cos tan exp log sqrt abs tanh sinh cosh atan · atan2 min max")),
  ));

  let timer = null;
  let pending = null; // AbortController of the check in flight
  root.dataset.check = "idle";
  message.textContent = t("Checked as you type; a valid formula runs at once.");

  function show(result, expression) {
    root.dataset.check = result.ok ? "ok" : "error";
    input.toggleAttribute("aria-invalid", !result.ok);
    message.classList.toggle("bad", !result.ok);
    message.textContent = result.ok ? `${t("✓ Valid: drawn with exact gradients.")}${result.note ? ` ${result.note}` : ""}` : result.message;
    echo.hidden = result.ok || result.column === null;
    if (!echo.hidden) {
      echo.replaceChildren(...echoLines(expression, result.column));
      const mark = echo.querySelector("mark");
      echo.scrollLeft = Math.max(0, mark.offsetLeft - echo.clientWidth / 2);
    }
  }

  /** Check the draft after `delay` ms; a valid draft becomes the state's formula. */
  function check(delay, fromExample = false) {
    clearTimeout(timer);
    pending?.abort();
    root.dataset.check = "checking";
    timer = setTimeout(async () => {
      const expression = input.value;
      const range = domain.read();
      if (!expression.trim() || !range) {
        show({ ok: false, message: !range ? t("Give each end of the domain as a number.") : t("Type a formula in x and y."), column: null }, expression);
        return;
      }
      const formula = { expression, domain: range };
      const state = store.get();
      const same = state.surface === CUSTOM && sameFormula(formula, formulaOf(state));
      let start = fromExample || !inDomain(state.start, range) ? defaultStart(range) : state.start;
      pending = new AbortController();
      let result;
      try {
        result = await checkFormula(formula, pending.signal, start);
        if (result.ok && !result.finiteAtStart) {
          const moved = await nearestDefined(formula, start, pending.signal);
          result = moved
            ? { ...result, note: t("f is undefined at ({start}), so every run starts at ({moved}) instead.", { start: start.join(", "), moved: moved.join(", ") }) }
            : { ok: false, message: t("f is undefined (or not finite) everywhere in this domain."), column: null };
          start = moved ?? start;
        }
      } catch (error) {
        if (error.name !== "AbortError") show({ ok: false, message: error.message, column: null }, expression);
        return; // else superseded by a newer draft
      }
      show(result, expression);
      if (result.ok && !same) store.update({ surface: CUSTOM, formula, preset: "", start }, Change.RUN);
    }, delay);
  }

  input.addEventListener("input", () => check(CHECK_DELAY_MS));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") check(0);
  });

  let shownFormula = null;
  function update(state) {
    setHidden(root, state.surface !== CUSTOM);
    const formula = formulaOf(state);
    if (shownFormula && sameFormula(formula, shownFormula)) return;
    shownFormula = formula;
    if (document.activeElement !== input) input.value = formula.expression;
    domain.set(formula.domain);
  }
  store.subscribe((state, change) => change !== Change.FRAME && update(state));
  update(store.get());
}
