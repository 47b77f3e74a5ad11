import type { BeatSummary } from '../../../common/schemas/view';
import { computeCellRect, type GridLayout } from './computeGridLayout';
import { computeThumbPoints, computeUncertaintyShare } from './computeThumbPoints';
import { ECG_THEME_COLORS, getClassColor, type Theme } from './palette';

export interface ThumbGridFrame {
  layout: GridLayout;
  from: number;
  to: number;
  scrollTop: number;
  width: number;
  height: number;
  theme: Theme;
  getBeat: (index: number) => BeatSummary | undefined;
}

function drawBadge(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  fill: string,
  solid: boolean,
  textColor: string,
) {
  ctx.font = '600 11px system-ui, sans-serif';
  const w = Math.max(16, ctx.measureText(text).width + 8);
  ctx.fillStyle = fill;
  ctx.strokeStyle = fill;
  ctx.lineWidth = 1.5;
  if (solid) ctx.fillRect(x, y, w, 15);
  else ctx.strokeRect(x + 0.75, y + 0.75, w - 1.5, 13.5);
  ctx.fillStyle = solid ? '#ffffff' : textColor;
  ctx.fillText(text, x + 4, y + 11.5);
  return w;
}

/** Draw one thumbnail: the trace in its class colour, the model's letter (outlined) and the reviewer's (filled). */
export function drawThumb(
  ctx: CanvasRenderingContext2D,
  beat: BeatSummary | undefined,
  x: number,
  y: number,
  w: number,
  h: number,
  theme: Theme,
) {
  const colors = ECG_THEME_COLORS[theme];
  ctx.fillStyle = beat ? colors.cell : colors.placeholder;
  ctx.fillRect(x, y, w, h);
  if (!beat) return;
  const shown = beat.myLabel ?? beat.finalLabel ?? beat.predicted;
  const pts = computeThumbPoints(beat.thumb, x + 4, y + 20, w - 8, h - 28);
  ctx.strokeStyle = getClassColor(theme, shown);
  ctx.lineWidth = 1.4;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  for (let i = 0; i < pts.length; i += 2) {
    if (i === 0) ctx.moveTo(pts[0]!, pts[1]!);
    else ctx.lineTo(pts[i]!, pts[i + 1]!);
  }
  ctx.stroke();
  let bx = x + 3;
  if (beat.predicted)
    bx +=
      drawBadge(
        ctx,
        beat.abstain ? `${beat.predicted}?` : beat.predicted,
        bx,
        y + 3,
        getClassColor(theme, beat.predicted),
        false,
        colors.cellText,
      ) + 3;
  // Filled: your label; faded: the agreed label from others when you have not labelled it.
  const label = beat.myLabel ?? beat.finalLabel;
  if (label) {
    ctx.globalAlpha = beat.myLabel ? 1 : 0.45;
    drawBadge(ctx, label === 'unsure' ? '?' : label, bx, y + 3, getClassColor(theme, label), true, colors.cellText);
    ctx.globalAlpha = 1;
  }
  if (beat.disagreement) {
    ctx.fillStyle = colors.disagreement;
    ctx.beginPath();
    ctx.moveTo(x + w - 14, y);
    ctx.lineTo(x + w, y);
    ctx.lineTo(x + w, y + 14);
    ctx.fill();
  }
  if (beat.flagged) {
    ctx.fillStyle = colors.disagreement;
    ctx.fillRect(x + w - 26, y + 4, 2, 11);
    ctx.fillRect(x + w - 24, y + 4, 7, 5);
  }
  const u = computeUncertaintyShare(beat.entropy);
  if (u > 0) {
    ctx.fillStyle = colors.grid;
    ctx.fillRect(x + 4, y + h - 4, w - 8, 2);
    ctx.fillStyle = colors.uncertainty;
    ctx.fillRect(x + 4, y + h - 4, (w - 8) * u, 2);
  }
}

/** Draw the visible cells of the grid onto a viewport-sized canvas (content shifted by scrollTop). */
export function drawThumbGrid(ctx: CanvasRenderingContext2D, f: ThumbGridFrame) {
  ctx.fillStyle = ECG_THEME_COLORS[f.theme].background;
  ctx.fillRect(0, 0, f.width, f.height);
  for (let i = f.from; i < f.to; i++) {
    const r = computeCellRect(f.layout, i);
    const y = r.y - f.scrollTop;
    if (y + r.height < 0 || y > f.height) continue;
    drawThumb(ctx, f.getBeat(i), r.x, y, r.width, r.height, f.theme);
  }
}
