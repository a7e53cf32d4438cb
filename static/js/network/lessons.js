// Lessons on a network surface (issue 18), apart from presets.js: each sets a whole scene —
// data, network, optimizers, steps — in one click, and each claim below was checked on the
// server's numbers for exactly these settings (tests/e2e/test_network.py checks them again).

export const NETWORK_LESSONS = [
  {
    id: "net-five",
    name: "One network, five optimizers",
    lines: [
      "Eight tanh units learn the two moons from the same initial weights under five optimizers.",
      "After 400 steps plain SGD is still at a train loss of 0.26 (89 % accuracy); momentum, RMSprop, Adam and Lion are below 0.06 (98 % or more). Compare the boundaries.",
    ],
    surface: "moons",
    steps: 400,
    network: { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 0 },
    runs: [
      { optimizer: "sgd", lr: 0.1 },
      { optimizer: "momentum", lr: 0.1, momentum: 0.9 },
      { optimizer: "rmsprop", lr: 0.01 },
      { optimizer: "adam", lr: 0.02 },
      { optimizer: "lion", lr: 0.01 },
    ],
  },
  {
    id: "net-mse",
    name: "Squared error: the gradient fades",
    lines: [
      "Squared error's gradient carries the sigmoid's slope σ'(z) ≤ 1/4, which vanishes where the output saturates, even on a wrong point.",
      "SGD on the circles for 600 steps ends at 89 % train accuracy, its ‖∂L/∂W2‖ about half of cross-entropy's. Click “Cross-entropy” to compare.",
    ],
    surface: "circles",
    steps: 600,
    network: { hidden: 8, activation: "tanh", loss: "mse", init_seed: 1 },
    runs: [{ optimizer: "sgd", lr: 0.5 }],
  },
  {
    id: "net-ce",
    name: "Cross-entropy: the gradient stays",
    lines: [
      "Cross-entropy's gradient on the output is σ(z) − y: as large as the error, however sure the network is.",
      "The same data, network, SGD and steps as “Squared error”: 98 % train accuracy instead of 89 %.",
    ],
    surface: "circles",
    steps: 600,
    network: { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 1 },
    runs: [{ optimizer: "sgd", lr: 0.5 }],
  },
  {
    id: "net-sigmoid",
    name: "Sigmoid units: a vanishing gradient",
    lines: [
      "A sigmoid's slope is at most 1/4, so the gradient backpropagated to W1 shrinks: at the first update ‖∂L/∂W1‖ is a twentieth of ‖∂L/∂W2‖, and it stays near 0.003, a tenth of what tanh or ReLU units get.",
      "SGD barely moves: after 500 steps the loss is still 0.69 and the circles are not separated. Try tanh and ReLU with the same settings.",
    ],
    surface: "circles",
    steps: 500,
    network: { hidden: 8, activation: "sigmoid", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "sgd", lr: 0.5 }],
  },
  {
    id: "net-tanh",
    name: "tanh units",
    lines: [
      "tanh is zero-centred with a slope up to 1: at the first update ‖∂L/∂W1‖ is a fifth of ‖∂L/∂W2‖, and six to ten times sigmoid’s throughout.",
      "The sigmoid lesson's settings: SGD closes the boundary around the inner circle (loss 0.11, 99 % accuracy).",
    ],
    surface: "circles",
    steps: 500,
    network: { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "sgd", lr: 0.5 }],
  },
  {
    id: "net-relu",
    name: "ReLU units",
    lines: [
      "ReLU passes the gradient through unshrunk where a unit is active: at the first update ‖∂L/∂W1‖ is half of ‖∂L/∂W2‖.",
      "The sigmoid lesson's settings: loss 0.05, every train row right; the boundary is made of straight pieces.",
    ],
    surface: "circles",
    steps: 500,
    network: { hidden: 8, activation: "relu", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "sgd", lr: 0.5 }],
  },
  {
    id: "net-batch",
    name: "Mini-batches and epochs",
    lines: [
      "Batches of 10 of the 180 train rows: 18 updates make an epoch (dotted lines on the loss plot), each epoch reshuffling the rows.",
      "The full train loss rises on over a third of the updates (never with full batches), yet after 20 epochs it is where full-batch SGD is after 360 updates of 180 rows each: 18 times the work.",
    ],
    surface: "moons",
    steps: 360,
    batch: 10,
    network: { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "sgd", lr: 0.2 }],
  },
  {
    id: "net-overfit",
    name: "Overfitting: train loss falls, test loss rises",
    lines: [
      "32 hidden units (129 weights) learn from only the 113 train rows of a very noisy two-moons set.",
      "Under Adam the train loss keeps falling, to 0.012; the test loss is lowest at step 249 (0.21) and then climbs back, to 1.0 by step 2000: the network has learnt the noise.",
    ],
    surface: "noisy_moons",
    steps: 2000,
    network: { hidden: 32, activation: "tanh", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "adam", lr: 0.01 }],
  },
];

/** The state a network lesson sets: `presetState` (state.js) plus the network and its batch. */
export function networkLessonState(decls, lesson, presetState) {
  return { ...presetState(decls, lesson), network: { ...lesson.network }, batch: lesson.batch ?? 0 };
}
