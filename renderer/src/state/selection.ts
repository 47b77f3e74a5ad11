/** Selection of beats in the grid: ids (stable across refreshes) plus the anchor and focus positions. */
export interface Selection {
  ids: ReadonlySet<string>;
  anchor: number | null;
  focus: number | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null, focus: null };

export interface ClickModifiers {
  /** Shift: extend from the anchor. */
  range: boolean;
  /** Ctrl or Cmd: toggle one beat. */
  toggle: boolean;
}

/** Plain click selects one; Ctrl/Cmd toggles; Shift selects the range from the anchor (added to it with Ctrl). */
export function computeClickSelection(
  sel: Selection,
  index: number,
  getId: (i: number) => string | undefined,
  mods: ClickModifiers,
): Selection {
  const id = getId(index);
  if (id === undefined) return sel;
  if (mods.range && sel.anchor !== null) {
    const ids = new Set(mods.toggle ? sel.ids : []);
    const [a, b] = sel.anchor < index ? [sel.anchor, index] : [index, sel.anchor];
    for (let i = a; i <= b; i++) {
      const x = getId(i);
      if (x !== undefined) ids.add(x);
    }
    return { ids, anchor: sel.anchor, focus: index };
  }
  if (mods.toggle) {
    const ids = new Set(sel.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: index, focus: index };
  }
  return { ids: new Set([id]), anchor: index, focus: index };
}

/** Move the focus by `delta` within [0, total); the selection follows it unless extending. */
export function computeMoveSelection(
  sel: Selection,
  delta: number,
  total: number,
  getId: (i: number) => string | undefined,
  extend = false,
): Selection {
  if (total <= 0) return sel;
  const from = sel.focus ?? (delta > 0 ? -1 : total);
  const focus = Math.max(0, Math.min(total - 1, from + delta));
  if (extend)
    return computeClickSelection({ ...sel, anchor: sel.anchor ?? sel.focus ?? focus }, focus, getId, {
      range: true,
      toggle: false,
    });
  const id = getId(focus);
  return { ids: id === undefined ? new Set() : new Set([id]), anchor: focus, focus };
}

/** Rubber band: the indices swept, added to the selection when Ctrl/Cmd is held. */
export function computeBandSelection(
  sel: Selection,
  indices: number[],
  getId: (i: number) => string | undefined,
  add: boolean,
): Selection {
  const ids = new Set(add ? sel.ids : []);
  for (const i of indices) {
    const id = getId(i);
    if (id !== undefined) ids.add(id);
  }
  const focus = indices.length ? indices[indices.length - 1]! : sel.focus;
  return { ids, anchor: indices[0] ?? sel.anchor, focus };
}

/** Who a label key applies to: the selection when it holds several beats, else the focused one. */
export function getLabelTargets(sel: Selection, focusedId: string | undefined): string[] {
  if (sel.ids.size > 1) return [...sel.ids];
  if (focusedId !== undefined) return [focusedId];
  return [...sel.ids];
}
