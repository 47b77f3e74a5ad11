import { useCallback, useEffect, useRef, useState } from 'react';
import type { LabelValue } from '../../../common/ecg/aami';
import type { ReviewEvent } from '../../../common/schemas/review';
import { useApi } from '../api/api-context';
import { useToasts } from '../app/toasts';
import type { BeatCache } from '../state/beat-cache';
import { getKeyAction, isTypingTarget, type KeyAction } from '../state/keymap';
import { computeMoveSelection, getLabelTargets, type Selection } from '../state/selection';

export const ECG_SIMILAR_K = 50;

interface Options {
  cache: BeatCache;
  selection: Selection;
  setSelection: (s: Selection) => void;
  cols: number;
  pageRows: number;
  onHelp: () => void;
  /** Whether this screen owns the keyboard now (no dialog open). */
  active: boolean;
}

function applyEvents(cache: BeatCache, events: ReviewEvent[]) {
  const to = new Map(events.map((e) => [e.beatId, e.to]));
  cache.patch(new Set(to.keys()), (b) => ({ ...b, myLabel: to.get(b.id) ?? null }));
}

/**
 * Labelling, undo/redo, moving and "find similar" for a grid of beats, from keys or buttons. Labels
 * show at once from the events the store returns; the loaded pages are re-read shortly after so
 * derived fields (final label, disagreement) catch up.
 */
export function useReviewActions({ cache, selection, setSelection, cols, pageRows, onHelp, active }: Options) {
  const api = useApi();
  const toasts = useToasts();
  const [stamp, setStamp] = useState(0);
  const [busy, setBusy] = useState(false);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Keys can arrive faster than React renders: act on the newest selection, not the last rendered one.
  const sel = useRef(selection);
  sel.current = selection;
  const setSel = useCallback(
    (s: Selection) => {
      sel.current = s;
      setSelection(s);
    },
    [setSelection],
  );
  const focusedId = selection.focus !== null ? cache.get(selection.focus)?.id : undefined;
  const getFocusedId = useCallback(
    () => (sel.current.focus !== null ? cache.get(sel.current.focus)?.id : undefined),
    [cache],
  );

  const changed = useCallback(() => {
    setStamp((s) => s + 1);
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => void cache.refresh(), 800);
  }, [cache]);
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const getId = useCallback((i: number) => cache.get(i)?.id, [cache]);
  const total = () => cache.total ?? 0;

  const advance = useCallback(
    () => setSel(computeMoveSelection(sel.current, 1, cache.total ?? 0, getId)),
    [cache, getId, setSel],
  );

  const run = useCallback(
    async <T>(job: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await job();
      } catch (err) {
        toasts.showError(err);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [toasts],
  );

  const label = useCallback(
    async (value: LabelValue) => {
      const ids = getLabelTargets(sel.current, getFocusedId());
      if (!ids.length) return;
      // One beat: move on at once so the next key press labels the next beat.
      if (ids.length === 1) advance();
      const r = await run(() => api.setLabel({ beatIds: ids, label: value }));
      if (!r) return;
      applyEvents(cache, r.events);
      if (ids.length > 1) toasts.showInfo(`Labelled ${ids.length} beats ${value}`);
      changed();
    },
    [api, cache, getFocusedId, run, advance, changed, toasts],
  );

  const accept = useCallback(async () => {
    const ids = getLabelTargets(sel.current, getFocusedId());
    if (!ids.length) return;
    if (ids.length === 1) advance();
    const r = await run(() => api.acceptModel({ beatIds: ids }));
    if (!r) return;
    applyEvents(cache, r.events);
    if (ids.length > 1) toasts.showInfo(`Accepted the model's class for ${ids.length} beats`);
    changed();
  }, [api, cache, getFocusedId, run, advance, changed, toasts]);

  const undoRedo = useCallback(
    async (which: 'undo' | 'redo') => {
      const r = await run(() => (which === 'undo' ? api.undo({}) : api.redo({})));
      if (!r) return;
      if (!r.event) {
        // The step may have been a record label (beat and record labels share one history).
        const rec = r.recordEvents[0];
        toasts.showInfo(
          rec
            ? `${which === 'undo' ? 'Undone' : 'Redone'}: a record label (now ${rec.to ?? 'unlabelled'})`
            : which === 'undo'
              ? 'Nothing to undo'
              : 'Nothing to redo',
        );
        return;
      }
      await cache.refresh();
      const at = cache.indexOf(r.event.beatId);
      if (at >= 0) setSel({ ids: new Set([r.event.beatId]), anchor: at, focus: at });
      toasts.showInfo(`${which === 'undo' ? 'Undone' : 'Redone'}: beat is now ${r.event.to ?? 'unlabelled'}`);
      changed();
    },
    [api, cache, run, setSel, changed, toasts],
  );

  const findSimilar = useCallback(async () => {
    const id = getFocusedId();
    if (!id) return;
    const r = await run(() => api.findSimilar({ beatId: id, k: ECG_SIMILAR_K }));
    if (!r) return;
    const ids = new Set([id, ...r.beatIds]);
    setSel({ ids, anchor: sel.current.focus, focus: sel.current.focus });
    toasts.showInfo(`Selected ${ids.size} similar beats: press a class key to label them all`);
  }, [api, getFocusedId, run, setSel, toasts]);

  const flag = useCallback(async () => {
    const b = sel.current.focus !== null ? cache.get(sel.current.focus) : undefined;
    if (!b) return;
    const ok = await run(() => api.setFlag({ beatId: b.id, flagged: !b.flagged }));
    if (!ok) return;
    cache.patch(new Set([b.id]), (x) => ({ ...x, flagged: !b.flagged }));
    changed();
  }, [api, cache, run, changed]);

  const move = useCallback(
    (a: Extract<KeyAction, { kind: 'move' }>) => {
      const step = a.by === 'item' ? 1 : a.by === 'row' ? cols : a.by === 'page' ? cols * pageRows : total();
      setSel(computeMoveSelection(sel.current, a.delta * step, total(), getId, a.extend));
    },
    [cols, pageRows, getId, setSel, cache],
  );

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.defaultPrevented) return;
      const a = getKeyAction(e);
      if (!a) return;
      // Enter and Space on a button belong to the button.
      if (a.kind === 'accept' && (e.target as HTMLElement | null)?.tagName === 'BUTTON') return;
      e.preventDefault();
      if (e.repeat && a.kind !== 'move') return;
      switch (a.kind) {
        case 'label':
          return void label(a.label);
        case 'accept':
          return void accept();
        case 'undo':
        case 'redo':
          return void undoRedo(a.kind);
        case 'move':
          return move(a);
        case 'findSimilar':
          return void findSimilar();
        case 'flag':
          return void flag();
        case 'clearSelection':
          return setSel({ ids: new Set(), anchor: sel.current.focus, focus: sel.current.focus });
        case 'help':
          return onHelp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, label, accept, undoRedo, move, findSimilar, flag, onHelp, setSel]);

  return {
    label,
    accept,
    undo: () => undoRedo('undo'),
    redo: () => undoRedo('redo'),
    findSimilar,
    flag,
    busy,
    stamp,
    focusedId,
    changed,
  };
}
