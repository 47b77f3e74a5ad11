import { useLayoutEffect, useRef } from 'react';
import type { BeatSummary } from '../../../../common/schemas/view';
import { drawThumb } from '../../ecg/drawThumbGrid';
import type { Theme } from '../../ecg/palette';

const W = 84;
const H = 64;

/** The beats either side of this one in its record, for context; click one to go to it. */
export function Neighbours({
  beats,
  current,
  theme,
  width,
  onPick,
}: {
  beats: BeatSummary[];
  current: string;
  theme: Theme;
  width: number;
  onPick: (b: BeatSummary) => void;
}) {
  const at = beats.findIndex((b) => b.id === current);
  // As many either side as fit the panel (at least one).
  const side = Math.max(1, Math.floor((Math.floor(width / (W + 4)) - 1) / 2));
  const shown = at < 0 ? [] : beats.slice(Math.max(0, at - side), at + side + 1);
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = shown.length * (W + 4) * dpr;
    c.height = H * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    shown.forEach((b, i) => drawThumb(ctx, b, i * (W + 4), 0, W, H, theme));
  });
  if (!shown.length) return <p className="muted small">No neighbouring beats in this record.</p>;
  return (
    <div className="neighbours" style={{ width: shown.length * (W + 4), height: H }}>
      <canvas ref={ref} style={{ width: shown.length * (W + 4), height: H }} aria-hidden="true" />
      {shown.map((b, i) => (
        <button
          key={b.id}
          type="button"
          className={`neighbour${b.id === current ? ' current' : ''}`}
          style={{ left: i * (W + 4), width: W, height: H }}
          aria-label={`${b.id === current ? 'This beat' : 'Go to beat'} at ${b.rSample}, model ${b.predicted ?? 'none'}${b.myLabel ? `, label ${b.myLabel}` : ''}`}
          onClick={() => onPick(b)}
        />
      ))}
    </div>
  );
}
