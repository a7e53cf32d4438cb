// Exports: trajectories as CSV and JSON, and file downloads. Pure text building plus one link.

/** optimizer,label,step,x,y,loss,status: one row per iterate, full float64 precision. */
export function toCSV(result) {
  const rows = ["optimizer,label,step,x,y,loss,status"];
  for (const run of result.runs) {
    const label = `"${run.label.replace(/"/g, '""')}"`;
    for (let k = 0; k < run.x.length; k++) {
      rows.push([run.optimizer, label, k, run.x[k], run.y[k], run.loss[k], run.status].join(","));
    }
  }
  return `${rows.join("\n")}\n`;
}

/** The request that made the result and every run as POST /api/run answers it. */
export function toJSON(request, result) {
  const runs = result.runs.map(({ optimizer, label, x, y, loss, status, steps }) => ({ optimizer, label, x, y, loss, status, steps }));
  return `${JSON.stringify({ request, runs }, null, 1)}\n`;
}

/** Save `content` (text, or a data: URL when `isUrl`) under `filename`. */
export function download(filename, content, type = "text/plain", isUrl = false) {
  const href = isUrl ? content : URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = href;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  if (!isUrl) setTimeout(() => URL.revokeObjectURL(href), 1000);
}
