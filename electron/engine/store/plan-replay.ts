/**
 * The events an undo (or redo) appends for one logged action, for beat and record labels alike:
 * each target goes back to its `from` (or forward to its `to`), newest first on undo, and a target
 * already at that value (changed again since) gets no event.
 */
export function planReplay<O extends { from: T | null; to: T | null }, T, E>(
  originals: readonly O[],
  direction: 'undo' | 'redo',
  currentOf: (o: O) => T | null,
  makeEvent: (o: O, from: T | null, to: T | null) => E,
): E[] {
  const ordered = direction === 'undo' ? [...originals].reverse() : originals;
  const out: E[] = [];
  for (const o of ordered) {
    const current = currentOf(o);
    const target = direction === 'undo' ? o.from : o.to;
    if (current !== target) out.push(makeEvent(o, current, target));
  }
  return out;
}
