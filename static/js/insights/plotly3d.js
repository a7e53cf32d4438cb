// The 3D tab's plotting library. The page ships Plotly's cartesian bundle (1.4 MB: scatter,
// contour, heatmap); the WebGL traces (surface, scatter3d) are in the gl3d bundle (1.7 MB), which
// loads only when the 3D tab first draws. Both bundles set the global `Plotly`: the page's is put
// back and the 3D one is handed to the tab alone.

import { loadPlotly, localize, plotlyURL } from "../plotly.js";

let loading = null;

/** Resolves to the gl3d Plotly, loading it once (after the page's, which it must not replace). */
export function loadPlotly3D() {
  loading ??= loadPlotly().then((cartesian) => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL("plotly-gl3d.min.js", plotlyURL).href; // beside the cartesian bundle
    script.onload = () => {
      const gl3d = globalThis.Plotly;
      globalThis.Plotly = cartesian;
      resolve(localize(gl3d));
    };
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(new Error("The 3D plotting library did not load; try the tab again."));
    };
    document.head.append(script);
  }));
  return loading;
}
