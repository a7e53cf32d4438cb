// Finished runs, kept by everything that determines them, so a slider asks the server only for the
// run it changed. Sound because runs of one request never interact: every run of a request shares
// its start, noise and mini-batch sequence, and each run is computed on its own (CONTRACT
// sections 3 and 9), so a run answered alone equals the same run answered among others.

const KEEP_POINTS = 600_000; // iterates kept (~15 MB): hundreds of 1000-step runs

/**
 * @returns {{keys: (request: object) => string[], has: (key: string) => boolean,
 *   get: (key: string) => object|undefined, put: (key: string, run: object) => void}}
 */
export function createRunCache() {
  const runs = new Map(); // key -> Run, least recently used first
  let points = 0;

  return {
    /** One key per run of a POST /api/run body: the scene (all but `runs`) and the run itself. */
    keys(request) {
      const { runs: specs, ...scene } = request;
      const prefix = JSON.stringify(scene);
      return specs.map((spec) => `${prefix}|${JSON.stringify(spec)}`);
    },

    /** Whether `key` is kept (without making it the most recently used). */
    has: (key) => runs.has(key),

    get(key) {
      const run = runs.get(key);
      if (run) {
        runs.delete(key); // now the most recently used
        runs.set(key, run);
      }
      return run;
    },

    put(key, run) {
      if (runs.has(key)) return;
      runs.set(key, run);
      points += run.x.length;
      for (const [oldest, old] of runs) {
        if (points <= KEEP_POINTS || oldest === key) break;
        runs.delete(oldest);
        points -= old.x.length;
      }
    },
  };
}
