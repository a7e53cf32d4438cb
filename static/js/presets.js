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
];
