const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 5_000;

/**
 * Calls `onIdle` once nobody has pressed a key, clicked, scrolled or touched for
 * `minutes` (CONSOLE_IDLE_MINUTES). Checked against the clock, not one long timer, so a
 * laptop that slept past the limit signs out as soon as it wakes. Returns the stop.
 */
export function watchIdle(minutes: number, onIdle: () => void): () => void {
  const limitMs = minutes * 60_000;
  let last = Date.now();
  const touch = (): void => {
    last = Date.now();
  };
  const check = (): void => {
    if (Date.now() - last >= limitMs) {
      stop();
      onIdle();
    }
  };
  for (const kind of ACTIVITY) addEventListener(kind, touch, { passive: true, capture: true });
  document.addEventListener('visibilitychange', check);
  const interval = setInterval(check, CHECK_EVERY_MS);
  function stop(): void {
    clearInterval(interval);
    document.removeEventListener('visibilitychange', check);
    for (const kind of ACTIVITY) removeEventListener(kind, touch, { capture: true });
  }
  return stop;
}
