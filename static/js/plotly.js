// The page's handle on Plotly (its cartesian bundle). Plotly loads by its own `async` script while
// the modules start, so the page asks for its data meanwhile; drawing waits for `plotlyReady`.

export let Plotly = globalThis.Plotly;

export const plotlyReady = Plotly
  ? Promise.resolve(Plotly)
  : new Promise((resolve, reject) => {
      const script = document.getElementById("plotly-script");
      script.addEventListener("load", () => {
        Plotly = globalThis.Plotly;
        resolve(Plotly);
      });
      script.addEventListener("error", () => reject(new Error("the plotting library did not load")));
    });
