// Read-only panels: the numbers at the step shown, and the error banner for server refusals.

import { el, setHidden, setText } from "./controls.js";
import { t } from "./i18n.js";
import { formatNumber } from "./plot.js";

/** The table of each run's position, loss and status at the step shown. */
export function buildResults(root, colourOf) {
  const body = el("tbody");
  root.append(
    el("table", { class: "results", dataset: { testid: "results" } },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, t("Optimizer")),
        el("th", { scope: "col", title: t("f at the step shown") }, "f"),
        el("th", { scope: "col", title: t("Distance to the nearest listed minimum") }, t("to min")),
        el("th", { scope: "col" }, t("status")))),
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
        el("td", { title: ended ? t("The next iterate left the finite range (|x| or |y| over 1e6, or f not finite)") : "" },
          ended ? t("diverged @ {n}", { n: run.steps + 1 }) : k < run.steps ? t("running") : t("done")));
    }));
  };
}

/**
 * The banner: a server refusal (a detail turned into a sentence naming the control, shown until the
 * next draw) and the boxes the page refused itself (shown until they are fixed).
 */
export function buildErrorBanner(root) {
  const title = el("strong");
  const text = el("p", { class: "error-text" });
  const close = el("button", { type: "button", class: "icon-button", title: t("Dismiss"), "aria-label": t("Dismiss the message") }, "×");
  root.append(title, text, close);
  let refusal = "";
  let fields = [];
  const render = () => {
    setText(title, refusal ? t("The server refused this setting.") : t("This value cannot be used; the plot shows the last valid scene."));
    setText(text, [refusal, ...fields].filter(Boolean).join(" · "));
    setHidden(root, !refusal && !fields.length);
  };
  close.addEventListener("click", () => (root.hidden = true));
  return {
    show(detail, optimizerNames = []) {
      refusal = humanDetail(detail, optimizerNames);
      render();
    },
    fields(problems) {
      fields = problems;
      if (problems.length) document.body.dataset.state = "error";
      render();
    },
    hide() {
      refusal = "";
      render();
    },
  };
}

/** "runs.1: params.lr = 100.0 is outside ..." → "Adam: lr = 100.0 is outside ..." */
export function humanDetail(detail, optimizerNames) {
  return String(detail)
    .split("; ")
    .map((part) => part
      .replace(/^message: /, "")
      .replace(/^surface\.expression: /, `${t("Your formula")}: `)
      .replace(/^surface\.domain(\.[xy])?: /, `${t("Formula domain")}: `)
      .replace(/^batch(\.size|\.seed)?: /, (_, f) => `${f === ".seed" ? t("Batch seed") : t("Batch size")}: `)
      .replace(/^standardize: /, `${t("Standardise")}: `)
      .replace(/^runs\.(\d+)(\.[\w.]+)?: /, (_, i) => `${optimizerNames[Number(i)] ?? `run ${Number(i) + 1}`}: `)
      .replace(/params\./g, "")
      .replace(/^steps: /, `${t("Steps")}: `)
      .replace(/^noise\.std: /, `${t("Gradient noise σ")}: `)
      .replace(/^noise\.seed: /, `${t("Noise seed")}: `)
      .replace(/^start(\.\d)?: /, `${t("Start point")}: `))
    .join(" · ");
}
