// An animated-GIF (GIF89a) encoder: RGBA frames in, bytes out. No dependency, no server trip.
// One 256-colour palette for the whole animation: the 131 most common colours (plots are mostly
// flat backgrounds and contour bands) plus a uniform 5×5×5 cube, so that rare colours such as a
// thin path still find a close match. LZW as in the GIF spec (code-size timing as omggif).

const BUCKETS = 1 << 15;

const bucketOf = (r, g, b) => ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);

/** A palette of up to 256 colours and a bucket → palette index lookup. */
function buildPalette(frames) {
  const counts = new Uint32Array(BUCKETS);
  const sums = new Float64Array(BUCKETS * 3);
  for (const { data } of frames) {
    for (let i = 0; i < data.length; i += 8) { // every other pixel is plenty
      const k = bucketOf(data[i], data[i + 1], data[i + 2]);
      counts[k] += 1;
      sums[3 * k] += data[i];
      sums[3 * k + 1] += data[i + 1];
      sums[3 * k + 2] += data[i + 2];
    }
  }
  const used = [];
  for (let k = 0; k < BUCKETS; k += 1) if (counts[k]) used.push(k);
  used.sort((a, b) => counts[b] - counts[a]);
  const colours = used.slice(0, 131).map((k) => [0, 1, 2].map((c) => Math.round(sums[3 * k + c] / counts[k])));
  const levels = [0, 64, 128, 191, 255];
  for (const r of levels) for (const g of levels) for (const b of levels) colours.push([r, g, b]);
  const palette = new Uint8Array(256 * 3);
  colours.forEach((rgb, i) => {
    palette.set(rgb, 3 * i);
  });
  const chosen = colours;
  const lookup = new Uint8Array(BUCKETS);
  for (let k = 0; k < BUCKETS; k += 1) {
    const r = ((k >> 10) << 3) + 4, g = (((k >> 5) & 31) << 3) + 4, b = ((k & 31) << 3) + 4;
    let best = 0, bestDistance = Infinity;
    for (let i = 0; i < chosen.length; i += 1) {
      const d = (palette[3 * i] - r) ** 2 + (palette[3 * i + 1] - g) ** 2 + (palette[3 * i + 2] - b) ** 2;
      if (d < bestDistance) { bestDistance = d; best = i; }
    }
    lookup[k] = best;
  }
  return { palette, lookup };
}

/** Append LZW-compressed indices as GIF data sub-blocks. */
function writeLzw(out, indices, minCodeSize = 8) {
  const clear = 1 << minCodeSize, eoi = clear + 1;
  let codeSize = minCodeSize + 1, next = eoi + 1, table = new Map();
  let block = [], bits = 0, cur = 0;
  const flush = () => { out.push(block.length, ...block); block = []; };
  const emit = (code) => {
    cur |= code << bits;
    bits += codeSize;
    while (bits >= 8) {
      block.push(cur & 255);
      cur >>>= 8;
      bits -= 8;
      if (block.length === 255) flush();
    }
  };
  out.push(minCodeSize);
  emit(clear);
  let prefix = indices[0];
  for (let i = 1; i < indices.length; i += 1) {
    const k = indices[i];
    const key = prefix * 256 + k;
    const code = table.get(key);
    if (code !== undefined) { prefix = code; continue; }
    emit(prefix);
    if (next === 4096) { // table full: start over
      emit(clear);
      table = new Map();
      next = eoi + 1;
      codeSize = minCodeSize + 1;
    } else {
      if (next >= 1 << codeSize) codeSize += 1;
      table.set(key, next);
      next += 1;
    }
    prefix = k;
  }
  emit(prefix);
  emit(eoi);
  if (bits > 0) block.push(cur & 255);
  if (block.length) flush();
  out.push(0);
}

const u16 = (v) => [v & 255, (v >> 8) & 255];

/**
 * Encode frames ({width, height, data: RGBA Uint8ClampedArray}, all the same size) as a looping
 * GIF with `delayMs` between frames. `onProgress(done, total)` is called after each frame.
 * @returns {Promise<Uint8Array>}
 */
export async function encodeGif(frames, { delayMs = 80, onProgress = () => {} } = {}) {
  const { width, height } = frames[0];
  const { palette, lookup } = buildPalette(frames);
  const out = [..."GIF89a"].map((c) => c.charCodeAt(0));
  out.push(...u16(width), ...u16(height), 0xf7, 0, 0, ...palette);
  out.push(0x21, 0xff, 0x0b, ..."NETSCAPE2.0".split("").map((c) => c.charCodeAt(0)), 3, 1, 0, 0, 0);
  const indices = new Uint8Array(width * height);
  for (let f = 0; f < frames.length; f += 1) {
    const { data } = frames[f];
    for (let p = 0; p < indices.length; p += 1) {
      indices[p] = lookup[bucketOf(data[4 * p], data[4 * p + 1], data[4 * p + 2])];
    }
    out.push(0x21, 0xf9, 4, 0, ...u16(Math.round(delayMs / 10)), 0, 0);
    out.push(0x2c, 0, 0, 0, 0, ...u16(width), ...u16(height), 0);
    writeLzw(out, indices);
    onProgress(f + 1, frames.length);
    await new Promise((resolve) => setTimeout(resolve, 0)); // keep the page responsive
  }
  out.push(0x3b);
  return Uint8Array.from(out);
}
