// Who is who on the plot: each run's label beside its path's head, nudged apart where heads
// crowd together (every run starts at the same point, and many end at the same minimum). The
// same placement serves Plotly annotations (drawn, exported) and the canvas (while playing).

const FONT_SIZE = 11;
const LINE = 15; // px between stacked labels
const CHAR = 6.3; // px per character: a label's width where nothing can measure it (exports' annotations)
const GAP = 9; // px from the head's centre to the label

/**
 * Where each label goes, in pixels: `items` [{px, py, text}] (the heads), `box` the plot area
 * {left, right, top, bottom}, `widthOf(text)` a label's width in px (the canvas measures it; else
 * estimated). Returns [{x, y, anchor}] with anchor "left" or "right" (the side of the label at x),
 * in the items' order. Labels beside the same spot stack downwards.
 */
export function placeLabels(items, box, widthOf = (text) => text.length * CHAR) {
  const placed = [];
  const order = items.map((_, i) => i).sort((a, b) => items[a].py - items[b].py);
  const out = new Array(items.length);
  for (const i of order) {
    const { px, py, text } = items[i];
    const width = widthOf(text) + 6;
    const right = px + GAP + width > box.right;
    const span = right ? [px - GAP - width, px - GAP] : [px + GAP, px + GAP + width];
    let y = py;
    for (let moved = true; moved; ) {
      moved = false;
      for (const q of placed) {
        // Only ever down, and by a clear margin: q.y + LINE − y can round to just under LINE.
        const below = q.y + LINE;
        if (below > y + 0.01 && q.y < y + LINE - 0.01 && q.span[0] < span[1] && span[0] < q.span[1]) {
          y = below;
          moved = true;
        }
      }
    }
    placed.push({ y, span });
    out[i] = { x: right ? span[1] : span[0], y, anchor: right ? "right" : "left" };
  }
  return out;
}

/** Data → pixel maps of a Plotly div: its axes once drawn, else worked out from `layout`. */
export function pixelMap(gd, layout, size) {
  const xa = gd._fullLayout?.xaxis;
  const ya = gd._fullLayout?.yaxis;
  if (xa?._length && ya?._length) {
    return {
      px: (x) => xa._offset + xa.l2p(x), py: (y) => ya._offset + ya.l2p(y),
      box: { left: xa._offset, right: xa._offset + xa._length, top: ya._offset, bottom: ya._offset + ya._length },
    };
  }
  // Before the first draw: equal scales, the plot area centred in what the margins leave.
  const { l, r, t, b } = layout.margin;
  const [x0, x1] = layout.xaxis.range;
  const [y0, y1] = layout.yaxis.range;
  const w = size.width - l - r;
  const h = size.height - t - b;
  const scale = Math.min(w / (x1 - x0), h / (y1 - y0));
  const left = l + (w - (x1 - x0) * scale) / 2;
  const top = t + (h - (y1 - y0) * scale) / 2;
  return {
    px: (x) => left + (x - x0) * scale, py: (y) => top + (y1 - y) * scale,
    box: { left, right: left + (x1 - x0) * scale, top, bottom: top + (y1 - y0) * scale },
  };
}

const inside = (box, px, py) => px >= box.left && px <= box.right && py >= box.top && py <= box.bottom;

/**
 * The label annotations for `heads` [{x, y, text, colour}] (data coordinates), placed with the
 * map's pixels; heads outside the plot area get none (a diverged run's flag names it).
 */
export function labelAnnotations(heads, map) {
  const shown = heads.filter((h) => inside(map.box, map.px(h.x), map.py(h.y)));
  const spots = placeLabels(shown.map((h) => ({ px: map.px(h.x), py: map.py(h.y), text: h.text })), map.box);
  return shown.map((h, i) => ({
    x: h.x, y: h.y, xref: "x", yref: "y", text: h.text, showarrow: false,
    xanchor: spots[i].anchor, yanchor: "middle",
    xshift: spots[i].x - map.px(h.x), yshift: map.py(h.y) - spots[i].y,
    font: { size: FONT_SIZE, color: h.colour }, bgcolor: "rgba(255,255,255,0.85)", borderpad: 1,
    name: "head-label", captureevents: false,
  }));
}

/** The same labels on a canvas: `heads` [{px, py, text, colour}] in pixels. Returns [{text, x, y}] drawn (x: the label's left). */
export function drawLabelsOnCanvas(ctx, heads, box, font) {
  const shown = heads.filter((h) => inside(box, h.px, h.py));
  ctx.font = `${FONT_SIZE}px ${font}`;
  const spots = placeLabels(shown, box, (text) => ctx.measureText(text).width); // a label never runs off the plot
  ctx.textBaseline = "middle";
  shown.forEach((h, i) => {
    const { x, y, anchor } = spots[i];
    const width = ctx.measureText(h.text).width;
    const left = anchor === "left" ? x : x - width;
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fillRect(left - 2, y - LINE / 2 + 1, width + 4, LINE - 2);
    ctx.fillStyle = h.colour;
    ctx.fillText(h.text, left, y);
  });
  return shown.map((h, i) => {
    const { x, y, anchor } = spots[i];
    const width = ctx.measureText(h.text).width;
    return { text: h.text, x: Math.round(anchor === "left" ? x : x - width), y: Math.round(y), width: Math.round(width) };
  });
}
