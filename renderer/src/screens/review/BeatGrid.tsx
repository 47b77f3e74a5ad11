import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { BeatSummary } from '../../../../common/schemas/view';
import {
  computeCellRect,
  computeCellsInBand,
  computeGridLayout,
  computeIndexAt,
  computeScrollToShow,
  computeVisibleRange,
  type GridLayout,
} from '../../ecg/computeGridLayout';
import { drawThumbGrid } from '../../ecg/drawThumbGrid';
import type { Theme } from '../../ecg/palette';
import type { BeatCache } from '../../state/beat-cache';
import { computeBandSelection, computeClickSelection, type Selection } from '../../state/selection';

interface Props {
  cache: BeatCache;
  version: number;
  selection: Selection;
  onSelection: (s: Selection) => void;
  onLayout: (layout: GridLayout, pageRows: number) => void;
  theme: Theme;
  label: string;
}

function describeBeat(b: BeatSummary | undefined, index: number): string {
  if (!b) return `Beat ${index + 1}, loading`;
  const parts = [
    `Beat ${index + 1}`,
    b.file,
    `lead ${b.lead}`,
    `model ${b.predicted ?? 'none'}${b.abstain ? ' (abstains)' : ''}`,
  ];
  parts.push(b.myLabel ? `your label ${b.myLabel}` : 'not labelled by you');
  if (b.disagreement) parts.push('disagreement');
  if (b.flagged) parts.push('flagged');
  return parts.join(', ');
}

/**
 * Virtualised thumbnail grid: one viewport-sized canvas draws the visible rows, and light DOM cells
 * above it carry the ARIA grid semantics, selection and focus ring. Pages load as rows come into view.
 */
export function BeatGrid({ cache, version, selection, onSelection, onLayout, theme, label }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const [scrollTop, setScrollTop] = useState(0);
  const [band, setBand] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const drag = useRef<{ x: number; y: number; banding: boolean; additive: boolean } | null>(null);
  const total = cache.total ?? 0;
  const layout = computeGridLayout(size.width, total);
  const range = computeVisibleRange(layout, scrollTop, size.height, total);
  const pageRows = Math.max(1, Math.floor(size.height / (layout.cellHeight + layout.gap)));

  useLayoutEffect(() => {
    const el = scroller.current!;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    setSize({ width: el.clientWidth, height: el.clientHeight });
    return () => ro.disconnect();
  }, []);

  useEffect(() => onLayout(layout, pageRows), [layout.cols, pageRows]);

  // Ask for the pages under the visible rows (and the first page before the total is known).
  useEffect(() => {
    void cache.ensure(range.from, cache.total === null ? cache.pageSize : range.to);
  }, [cache, range.from, range.to, version]);

  // A new view starts at the top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [cache]);

  useEffect(() => {
    if (selection.focus === null || !scroller.current) return;
    const top = computeScrollToShow(layout, selection.focus, scroller.current.scrollTop, size.height);
    if (top !== null) scroller.current.scrollTop = top;
  }, [selection.focus, layout.cols]);

  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(size.width * dpr) || c.height !== Math.round(size.height * dpr)) {
      c.width = Math.round(size.width * dpr);
      c.height = Math.round(size.height * dpr);
    }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawThumbGrid(ctx, {
      layout,
      from: range.from,
      to: range.to,
      scrollTop,
      width: size.width,
      height: size.height,
      theme,
      getBeat: (i) => cache.get(i),
    });
  });

  function contentPoint(e: React.PointerEvent) {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0) return;
    const p = contentPoint(e);
    drag.current = { ...p, banding: false, additive: e.ctrlKey || e.metaKey };
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    scroller.current?.focus({ preventScroll: true });
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const p = contentPoint(e);
    if (!d.banding && Math.hypot(p.x - d.x, p.y - d.y) > 6) d.banding = true;
    if (d.banding) setBand({ x0: d.x, y0: d.y, x1: p.x, y1: p.y });
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    const getId = (i: number) => cache.get(i)?.id;
    if (d?.banding) {
      const p = contentPoint(e);
      setBand(null);
      onSelection(
        computeBandSelection(selection, computeCellsInBand(layout, d.x, d.y, p.x, p.y, total), getId, d.additive),
      );
      return;
    }
    const p = contentPoint(e);
    const index = computeIndexAt(layout, p.x, p.y, total);
    if (index === null) return;
    onSelection(computeClickSelection(selection, index, getId, { range: e.shiftKey, toggle: e.ctrlKey || e.metaKey }));
  };

  const rows = [];
  for (let r = range.firstRow; r <= range.lastRow && r * layout.cols < total; r++) {
    const cells = [];
    for (let c = 0; c < layout.cols; c++) {
      const i = r * layout.cols + c;
      if (i >= total) break;
      const b = cache.get(i);
      const rect = computeCellRect(layout, i);
      const selected = !!b && selection.ids.has(b.id);
      cells.push(
        <div
          key={i}
          id={`beat-cell-${i}`}
          role="gridcell"
          aria-colindex={c + 1}
          aria-selected={selected}
          aria-label={describeBeat(b, i)}
          data-index={i}
          data-beat-id={b?.id}
          data-label={b?.myLabel ?? ''}
          data-predicted={b?.predicted ?? ''}
          className={`cell${selected ? ' selected' : ''}${selection.focus === i ? ' focused' : ''}`}
          style={{ left: rect.x, width: rect.width, height: rect.height }}
        />,
      );
    }
    rows.push(
      <div
        key={r}
        role="row"
        aria-rowindex={r + 1}
        className="grid-row"
        style={{ top: computeCellRect(layout, r * layout.cols).y }}
      >
        {cells}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      aria-label={label}
      aria-multiselectable="true"
      aria-rowcount={layout.rows}
      aria-colcount={layout.cols}
      aria-activedescendant={
        selection.focus !== null && selection.focus >= range.from && selection.focus < range.to
          ? `beat-cell-${selection.focus}`
          : undefined
      }
      tabIndex={0}
      data-testid="beat-grid"
      data-total={total}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div
        className="grid-content"
        style={{ height: Math.max(layout.height, size.height) }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
      >
        <canvas
          ref={canvas}
          className="grid-canvas"
          style={{ width: size.width, height: size.height }}
          aria-hidden="true"
        />
        {rows}
        {band && (
          <div
            className="rubber-band"
            style={{
              left: Math.min(band.x0, band.x1),
              top: Math.min(band.y0, band.y1),
              width: Math.abs(band.x1 - band.x0),
              height: Math.abs(band.y1 - band.y0),
            }}
          />
        )}
      </div>
      {cache.total === 0 && <p className="empty">No beats match these filters.</p>}
    </div>
  );
}
