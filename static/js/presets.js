// Lessons: scenes that each show one classic behaviour, with two lines saying what to look for.
// `runs` lists the runs in order: an optimizer id with parameter overrides (the rest stay at the
// server's defaults) and an optional schedule; one optimizer may run several times.
// `start` defaults to the surface's own start. The first entry is the page's opening scene.

export const PRESETS = [
  {
    id: "rosenbrock",
    name: "Rosenbrock's curved valley",
    lines: [
      "Every method drops into the banana-shaped valley within a few steps, then has to follow its gentle curve to (1, 1).",
      "Plain SGD crawls along the floor; momentum builds up speed along the valley and arrives first.",
    ],
    surface: "rosenbrock",
    steps: 1000,
    runs: [
      { optimizer: "sgd", lr: 0.001 },
      { optimizer: "momentum", lr: 0.001, momentum: 0.9 },
      { optimizer: "rmsprop", lr: 0.005 },
      { optimizer: "adam", lr: 0.02 },
    ],
  },
  {
    id: "saddle",
    name: "Escaping a saddle point",
    lines: [
      "The start sits just off the ridge of x² − y², where the gradient along y is almost zero.",
      "SGD slides into the saddle and stalls there; momentum and the adaptive methods (which rescale the tiny y-gradient) escape downhill.",
    ],
    surface: "saddle",
    steps: 180,
    runs: [
      { optimizer: "sgd", lr: 0.01 },
      { optimizer: "momentum", lr: 0.01, momentum: 0.9 },
      { optimizer: "rmsprop", lr: 0.01 },
      { optimizer: "adam", lr: 0.01 },
    ],
  },
  {
    id: "beale",
    name: "Beale's plateaus",
    lines: [
      "Beale mixes near-flat plateaus with walls thousands of times steeper, so no single step size suits plain SGD everywhere.",
      "Watch SGD creep across the plateau while momentum and RMSProp carry on to the minimum at (3, 0.5).",
    ],
    surface: "beale",
    start: [-1, -1.5],
    steps: 1000,
    runs: [
      { optimizer: "sgd", lr: 0.001 },
      { optimizer: "momentum", lr: 0.001, momentum: 0.9 },
      { optimizer: "rmsprop", lr: 0.01 },
      { optimizer: "adam", lr: 0.01 },
    ],
  },
  {
    id: "learning-rate",
    name: "Learning rate: too big, too small",
    lines: [
      "Three runs of plain gradient descent (SGD) on a ravine: only lr differs.",
      "lr 0.09 overshoots the steep wall further each step and diverges; 0.07 zig-zags but converges; 0.003 is stable but crawls.",
    ],
    surface: "elongated_bowl",
    steps: 150,
    runs: [
      { optimizer: "sgd", lr: 0.09 },
      { optimizer: "sgd", lr: 0.07 },
      { optimizer: "sgd", lr: 0.003 },
    ],
  },
  {
    id: "noise",
    name: "Noisy gradients",
    lines: [
      "Every gradient gets Gaussian noise (σ = 4, the same draws for every run), as with mini-batches.",
      "SGD's step grows with the noise, so it keeps jittering across the ravine; momentum averages the noise out; Adam divides by it and steps calmly.",
    ],
    surface: "elongated_bowl",
    steps: 400,
    noise: { std: 4, seed: 3 },
    runs: [
      { optimizer: "sgd", lr: 0.06 },
      { optimizer: "momentum", lr: 0.006, momentum: 0.9 },
      { optimizer: "adam", lr: 0.1 },
    ],
  },
  {
    id: "schedules",
    name: "Learning-rate schedules",
    lines: [
      "With noisy gradients a constant lr never settles: SGD keeps jumping around the minimum.",
      "The same SGD under cosine or step decay takes ever smaller steps: watch its loss sink while constant-lr SGD's stays up.",
    ],
    surface: "elongated_bowl",
    steps: 400,
    noise: { std: 4, seed: 3 },
    runs: [
      { optimizer: "sgd", lr: 0.06 },
      { optimizer: "sgd", lr: 0.06, schedule: { name: "cosine" } },
      { optimizer: "sgd", lr: 0.06, schedule: { name: "step", step_size: 100, gamma: 0.4 } },
    ],
  },
  {
    id: "batch-size",
    name: "Batch size: 1 vs 16 vs N",
    lines: [
      "Fitting a line to 150 irises with mini-batches of 16 rows: each step sees a different sample, so the paths jitter around the data's optimum. Switch with the 1 / 16 / N buttons under the data.",
      "Batch 1: cheap, very noisy steps that never settle at a constant lr. Batch N: exact, smooth steps, but each costs a pass over every row.",
    ],
    surface: "iris_petals",
    standardize: true,
    batch: 16,
    steps: 300,
    runs: [
      { optimizer: "sgd", lr: 0.05 },
      { optimizer: "momentum", lr: 0.02, momentum: 0.9 },
      { optimizer: "adam", lr: 0.05 },
    ],
  },
  {
    id: "newton-saddle",
    name: "Newton is drawn to a saddle",
    lines: [
      "Newton's method solves for where the gradient vanishes, and a saddle point is such a place: from (−1.9, 0.2) it lands exactly on the saddle at (0, 0) in one step and stays there.",
      "With damping λ = 3 the curvature along y (−2) becomes +1, so its y-step turns downhill and it escapes like SGD and Adam (the saddle has no bottom: all three run off).",
    ],
    surface: "saddle",
    start: [-1.9, 0.2],
    steps: 60,
    runs: [
      { optimizer: "newton" },
      { optimizer: "newton", damping: 3 },
      { optimizer: "sgd", lr: 0.05 },
      { optimizer: "adam", lr: 0.05 },
    ],
  },
  {
    id: "lbfgs-rosenbrock",
    name: "L-BFGS follows the valley",
    lines: [
      "L-BFGS builds a picture of the curvature from its last steps and searches along its direction for a step that decreases the loss enough (strong Wolfe).",
      "It reaches f < 10⁻⁶ at update 33; without the line search (lr 0.1) at update 164; Adam and momentum are still in the valley after 200.",
    ],
    surface: "rosenbrock",
    steps: 200,
    runs: [
      { optimizer: "lbfgs" },
      { optimizer: "lbfgs", lr: 0.1, line_search: "none" },
      { optimizer: "adam", lr: 0.02 },
      { optimizer: "momentum", lr: 0.001, momentum: 0.9 },
    ],
  },
  {
    id: "prodigy",
    name: "Learning-rate-free: Prodigy",
    lines: [
      "Prodigy starts with tiny steps and estimates its own step size d from how far it has come; its lr stays at 1.",
      "At its defaults it ends at (0.97, 0.94), f ≈ 0.001, nearer the minimum than Adam with a hand-picked lr 0.02 (f ≈ 0.13); Adam at its default lr 0.001 is still far up the valley (f ≈ 4.2).",
    ],
    surface: "rosenbrock",
    steps: 1000,
    runs: [
      { optimizer: "prodigy" },
      { optimizer: "adam", lr: 0.02 },
      { optimizer: "adam" },
    ],
  },
  {
    id: "adamw",
    name: "Why AdamW: decay, coupled or not",
    lines: [
      "Both use weight_decay 0.5 on Booth (minimum at (1, 3)). Adam adds λx to the gradient, then divides by √v̂: it ends at (1.15, 2.75), the minimum of f + λ‖x‖²/2.",
      "AdamW shrinks x itself by lr·λ every step, untouched by Adam's scaling: a far stronger pull toward 0, ending at (1.36, 1.54). Adam without decay reaches (1, 3).",
    ],
    surface: "booth",
    steps: 3000,
    runs: [
      { optimizer: "adam", lr: 0.05, weight_decay: 0.5 },
      { optimizer: "adamw", lr: 0.05, weight_decay: 0.5 },
      { optimizer: "adam", lr: 0.05 },
    ],
  },
  {
    id: "sign-steps",
    name: "Sign steps: signSGD and Lion",
    lines: [
      "A sign step moves every coordinate by exactly lr, however steep: across this ravine (25× steeper in y) signSGD and Lion take no bigger step in y than in x, so no zig-zag.",
      "Near the bottom they cannot shrink their steps: they keep hopping ±0.1 around the minimum, where SGD and Adam settle.",
    ],
    surface: "elongated_bowl",
    steps: 300,
    runs: [
      { optimizer: "signum", lr: 0.1, momentum: 0 },
      { optimizer: "lion", lr: 0.1 },
      { optimizer: "sgd", lr: 0.03 },
      { optimizer: "adam", lr: 0.1 },
    ],
  },
  {
    id: "six-hump",
    name: "Six minima: who lands where",
    lines: [
      "From (−0.6, 0.1), SGD, momentum and Adam roll into the global minimum at (−0.09, 0.71), f = −1.03.",
      "Newton's first step jumps across the map to the local minimum at (1.61, 0.57), f = 2.10: curvature is only a local guide. Insights → Basins shows where every start ends.",
    ],
    surface: "six_hump_camel",
    start: [-0.6, 0.1],
    steps: 500,
    runs: [
      { optimizer: "sgd", lr: 0.01 },
      { optimizer: "momentum", lr: 0.01, momentum: 0.9 },
      { optimizer: "adam", lr: 0.05 },
      { optimizer: "newton" },
    ],
  },
];
