import { ECG_MAJOR_LINE_MM, ECG_MINOR_LINE_MM, type PaperStyle } from './paper-style';
import { drawAxisLine, type Raster } from './raster';

/** The 1 mm / 5 mm grid over `box`, with a 5 mm line through `origin` in both directions. */
export function drawECGGrid(
  r: Raster,
  style: PaperStyle,
  box: { x: number; y: number; width: number; height: number },
  origin: { x: number; y: number },
  pxPerMm: number,
): void {
  if (style.grid === 'none') return;
  const minorW = Math.max(0.5, ECG_MINOR_LINE_MM * pxPerMm);
  const majorW = Math.max(0.9, ECG_MAJOR_LINE_MM * pxPerMm);
  for (const vertical of [true, false]) {
    const lo = vertical ? box.x : box.y;
    const hi = lo + (vertical ? box.width : box.height);
    const o = vertical ? origin.x : origin.y;
    const from = vertical ? box.y : box.x;
    const to = from + (vertical ? box.height : box.width);
    const k0 = Math.ceil((lo - o) / pxPerMm);
    const k1 = Math.floor((hi - o) / pxPerMm);
    // Minor lines first so the 5 mm lines print over them.
    for (let k = k0; k <= k1; k++)
      if (k % 5 !== 0) drawAxisLine(r, vertical, o + k * pxPerMm, from, to, minorW, style.minor);
    for (let k = k0; k <= k1; k++)
      if (k % 5 === 0) drawAxisLine(r, vertical, o + k * pxPerMm, from, to, majorW, style.major);
  }
}
