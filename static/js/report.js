// Read-only panels: the numbers at the step shown, and the error banner for server refusals.

import { el } from "./controls.js";
import { formatNumber } from "./plot.js";

/** The table of each run's position, loss and status at the step shown. */
export function buildResults(root, colourOf) {
  const body = el("tbody");
  root.append(
    el("table", { class: "results", dataset: { testid: "results" } },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Optimizer"),
        el("th", { scope: "col", title: "f at the step shown" }, "f"),
        el("th", { scope: "col", title: "Distance to the nearest listed minimum" }, "to min"),
        el("th", { scope: "col" }, "status"))),
      body),
  );
  return (result, step, surface) => {
    if (!result) return;
    body.replaceChildren(...result.runs.map((run) => {
      const k = Math.min(step, run.x.length - 1);
      const x = run.x[k];
      const y = run.y[k];
      const distance = surface.minima.length ? Math.min(...surface.minima.map(([mx, my]) => Math.hypot(x - mx, y - my))) : null;
      const ended = run.status === "diverged";
      return el("tr", { class: ended ? "diverged" : "" },
        el("th", { scope: "row" }, el("span", { class: "swatch", style: `--colour: ${colourOf(run)}` }), run.label),
        el("td", {}, formatNumber(run.loss[k])),
        el("td", {}, distance === null ? "–" : formatNumber(distance)),
        el("td", { title: ended ? "The next iterate left the finite range (|x| or |y| over 1e6, or f not finite)" : "" },
          ended ? `diverged @ ${run.steps + 1}` : k < run.steps ? "running" : "done"));
    }));
  };
}

/** Turns a server detail into a sentence naming the control, and shows it until cleared. */
export function buildErrorBanner(root) {
  const text = el("p", { class: "error-text" });
  const close = el("button", { type: "button", class: "icon-button", title: "Dismiss", "aria-label": "Dismiss the message" }, "×");
  root.append(el("strong", {}, "The server refused this setting."), text, close);
  close.addEventListener("click", () => (root.hidden = true));
  return {
    show(detail, optimizerNames = []) {
      text.textContent = humanDetail(detail, optimizerNames);
      root.hidden = false;
    },
    hide() {
      root.hidden = true;
    },
  };
}

/** "runs.1: params.lr = 100.0 is outside ..." → "Adam: lr = 100.0 is outside ..." */
export function humanDetail(detail, optimizerNames) {
  return String(detail)
    .split("; ")
    .map((part) => part
      .replace(/^message: /, "")
      .replace(/^surface\.expression: /, "Your formula: ")
      .replace(/^surface\.domain(\.[xy])?: /, "Formula domain: ")
      .replace(/^batch(\.size|\.seed)?: /, (_, f) => (f === ".seed" ? "Batch seed: " : "Batch size: "))
      .replace(/^standardize: /, "Standardise: ")
      .replace(/^runs\.(\d+)(\.[\w.]+)?: /, (_, i) => `${optimizerNames[Number(i)] ?? `run ${Number(i) + 1}`}: `)
      .replace(/params\./g, "")
      .replace(/^steps: /, "Steps: ")
      .replace(/^noise\.std: /, "Gradient noise σ: ")
      .replace(/^noise\.seed: /, "Noise seed: ")
      .replace(/^start(\.\d)?: /, "Start point: "))
    .join(" · ");
}
