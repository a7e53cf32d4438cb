// Nothing leaves the machine: Plotly 3 shows a "Share chart…" modebar button that uploads the
// chart to its cloud (plotlyServerURL) unless every figure is told not to.
export const PRIVATE = Object.freeze({
  displaylogo: false,
  showSendToCloud: false,
  showEditInChartStudio: false,
  showLink: false,
  plotlyServerURL: "",
});
