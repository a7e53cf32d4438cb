// The tiny network of CONTRACT section 11, evaluated (never trained) in the page: z for a point
// and θ, and the loss and accuracy over rows at each iterate the server sent. The training, its
// gradients and the plane are the server's; this only reads θ the way the server defines it.
//
// θ (length 4H+1) = W1 (H×2, row-major) | b1 (H) | W2 (H) | b2 (1).

const ACTIVATIONS = {
  tanh: Math.tanh,
  relu: (v) => Math.max(v, 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
};

/** log(1 + e^z) without overflow (numpy's logaddexp(0, z)). */
const softplus = (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** The layers of θ, by name: where each starts and how many numbers it holds. */
export function layers(hidden) {
  return { W1: [0, 2 * hidden], b1: [2 * hidden, hidden], W2: [3 * hidden, hidden], b2: [4 * hidden, 1] };
}

/** The output z = W2·act(W1·t + b1) + b2 at the point (t1, t2). */
export function output(theta, hidden, act, t1, t2) {
  let z = theta[4 * hidden];
  for (let h = 0; h < hidden; h++) {
    z += theta[3 * hidden + h] * act(theta[2 * h] * t1 + theta[2 * h + 1] * t2 + theta[2 * hidden + h]);
  }
  return z;
}

/** One row's loss for output z and target y (0 or 1). */
const rowLoss = { cross_entropy: (z, y) => softplus(z) - y * z, mse: (z, y) => (sigmoid(z) - y) ** 2 };

/**
 * The mean loss and the accuracy (share of rows with (z > 0) == target) over `rows`
 * ({features: [[t1, t2]], target: [0|1]}) at θ.
 */
export function evaluate(theta, { hidden, activation, loss }, rows) {
  const act = ACTIVATIONS[activation];
  const of = rowLoss[loss];
  let total = 0;
  let right = 0;
  for (let i = 0; i < rows.target.length; i++) {
    const z = output(theta, hidden, act, rows.features[i][0], rows.features[i][1]);
    total += of(z, rows.target[i]);
    if ((z > 0) === (rows.target[i] === 1)) right++;
  }
  return { loss: total / rows.target.length, accuracy: right / rows.target.length };
}

/** z over an n×n grid of the box {x: [lo, hi], y: [lo, hi]}: {x: [n], y: [n], z: [n][n]} (z[i][j] at x[j], y[i]). */
export function outputGrid(theta, { hidden, activation }, box, n) {
  const act = ACTIVATIONS[activation];
  const axis = ([lo, hi]) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const x = axis(box.x);
  const y = axis(box.y);
  const z = y.map((t2) => x.map((t1) => output(theta, hidden, act, t1, t2)));
  return { x, y, z };
}

/** The Euclidean norm of one layer of a vector laid out like θ. */
export function layerNorm(vector, [from, count]) {
  let sum = 0;
  for (let i = from; i < from + count; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}
