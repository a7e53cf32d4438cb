// Playback: moves the step shown along in real time. Never starts by itself.

import { Change } from "./state.js";

const MAX_FRAME_MS = 100; // after a stall (hidden tab), resume rather than jump

/**
 * @param {{store: object, onPlaying: (playing: boolean) => void}} options
 * Frames go to the store as Change.FRAME (main.js draws them with `view.showStep`, cheap);
 * pausing, seeking and releasing the slider commit the step.
 */
export function createPlayer({ store, onPlaying }) {
  let playing = false;
  let position = 0; // fractional step
  let last = 0;
  let frame = 0;
  let commitTimer = null;

  const steps = () => store.get().steps;

  function commit(step) {
    clearTimeout(commitTimer);
    commitTimer = null;
    store.update({ step }, Change.STEP);
  }

  function tick(now) {
    if (!playing) return;
    const state = store.get();
    position += (Math.min(now - last, MAX_FRAME_MS) / 1000) * state.speed;
    last = now;
    if (position >= state.steps) {
      if (state.loop) position %= state.steps + 1;
      else position = state.steps;
    }
    const step = Math.floor(position);
    store.update({ step }, Change.FRAME);
    if (step >= state.steps && !state.loop) {
      pause();
      return;
    }
    frame = requestAnimationFrame(tick);
  }

  function play() {
    const state = store.get();
    position = state.step >= state.steps ? 0 : state.step;
    playing = true;
    onPlaying(true);
    last = performance.now();
    store.update({ step: Math.floor(position) }, Change.FRAME);
    frame = requestAnimationFrame(tick);
  }

  function pause() {
    playing = false;
    cancelAnimationFrame(frame);
    onPlaying(false);
    commit(store.get().step);
  }

  return {
    isPlaying: () => playing,
    toggle: () => (playing ? pause() : play()),
    stop() {
      if (playing) pause();
    },
    /** Jump to a step and settle there. */
    seek(step) {
      if (playing) {
        playing = false;
        cancelAnimationFrame(frame);
        onPlaying(false);
      }
      commit(Math.max(0, Math.min(steps(), Math.round(step))));
    },
    /** A slider drag: draw cheaply now, settle when the drag rests. */
    scrub(step) {
      if (playing) {
        position = step;
        store.update({ step }, Change.FRAME);
        return;
      }
      store.update({ step }, Change.FRAME);
      clearTimeout(commitTimer);
      commitTimer = setTimeout(() => commit(store.get().step), 250);
    },
    /** The step moved by the keyboard. */
    nudge(delta) {
      this.seek(store.get().step + delta);
    },
  };
}
