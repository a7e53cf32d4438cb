// Mounts the tools for looking closer (issue 9): learning-rate tuning, the state inspector, many
// seeds, and the PyTorch and GIF exports.

import { mountAnimation } from "./animation.js";
import { mountInspector } from "./inspector.js";
import { mountReproduce } from "./reproduce.js";
import { mountSeeds } from "./seeds.js";
import { mountTuning } from "./tuning.js";

/**
 * @param {{decls: object, store: object, view: object, player: object, colourOf: (id: string) => string,
 *   shown: () => ({state: object, result: object} | null), toast: (message: string) => void,
 *   byId: (id: string) => HTMLElement}} page
 */
export function mountLab({ decls, store, view, player, colourOf, shown, toast, byId }) {
  mountTuning(byId("tuning-controls"), { decls, store, colourOf });
  mountSeeds(byId("seeds-controls"), { store, view, colourOf, shown });
  mountInspector(byId("inspector"), { decls, store, view, player, colourOf, shown });
  mountReproduce(byId("share-controls"), { store, toast });
  mountAnimation(byId("share-controls"), { store, view, player, mainEl: byId("main-plot"), toast });
}
