// The page's handle on Plotly (its cartesian bundle). The page draws its first picture on its own
// canvases (plot/preview.js), so Plotly, whose evaluation holds the main thread for most of a
// second, is only fetched at first (a prefetch) and evaluated once that picture is up, or as soon
// as anything asks for it. `Plotly` stands for the library at every call: before it has loaded,
// a call loads it and runs when it is in (its promise resolves then).

import { LANG } from "./i18n.js";
import { PLOTLY_KO } from "./plotlyko.js";

const script = document.getElementById("plotly-script"); // <link rel="prefetch" as="script">
let loading = null;

/** Where Plotly's bundles are (the page names the cartesian one). */
export const plotlyURL = script.href;

/** A Plotly bundle speaking the page's language in its own words (the modebar's tooltips). */
export function localize(plotly) {
  if (LANG === "ko") {
    plotly.register(PLOTLY_KO);
    plotly.setPlotConfig({ locale: "ko" });
  }
  return plotly;
}

/** Evaluate Plotly (once); resolves to it. */
export function loadPlotly() {
  loading ??= globalThis.Plotly
    ? Promise.resolve(localize(globalThis.Plotly))
    : new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = script.href;
        tag.onload = () => resolve(localize(globalThis.Plotly));
        tag.onerror = () => reject(new Error("the plotting library did not load"));
        document.head.append(tag);
      });
  return loading;
}

/** Whether Plotly is in (a draw can call it at once). */
export const plotlyLoaded = () => Boolean(globalThis.Plotly);

export const Plotly = new Proxy(
  {},
  {
    get(_, name) {
      if (globalThis.Plotly) return globalThis.Plotly[name];
      return (...args) => loadPlotly().then((plotly) => plotly[name](...args));
    },
  },
);
