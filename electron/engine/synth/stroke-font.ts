import { drawSegment, type Mask } from './raster';
import type { Prng } from './prng';

/**
 * A small single-stroke font so labels render the same on every machine without system fonts.
 * Glyph units: cap height 6 (y = 0 at the cap line, 6 on the baseline), x-height from y = 2,
 * descenders to 8. Each glyph is strokes separated by ';', points "x,y" separated by spaces.
 */
// prettier-ignore
const GLYPHS: Record<string, string> = {
  A: '0,6 2,0 4,6; 0.7,4 3.3,4', B: '0,6 0,0 3,0 4,1 4,2 3,3 0,3; 3,3 4,4 4,5 3,6 0,6',
  C: '4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5', D: '0,0 0,6 2.5,6 4,4.5 4,1.5 2.5,0 0,0', E: '4,0 0,0 0,6 4,6; 0,3 3,3',
  F: '4,0 0,0 0,6; 0,3 3,3', G: '4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5 4,3 2.5,3', H: '0,0 0,6; 4,0 4,6; 0,3 4,3',
  I: '0.5,0 2.5,0; 1.5,0 1.5,6; 0.5,6 2.5,6', J: '4,0 4,5 3,6 1,6 0,5', K: '0,0 0,6; 4,0 0,4; 1.3,2.9 4,6',
  L: '0,0 0,6 4,6', M: '0,6 0,0 2,3.5 4,0 4,6', N: '0,6 0,0 4,6 4,0', O: '1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0',
  P: '0,6 0,0 3,0 4,1 4,2 3,3 0,3', Q: '1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0; 2.5,4.5 4.2,6.3',
  R: '0,6 0,0 3,0 4,1 4,2 3,3 0,3; 2,3 4,6', S: '4,1 3,0 1,0 0,1 0,2 1,3 3,3 4,4 4,5 3,6 1,6 0,5',
  T: '0,0 4,0; 2,0 2,6', U: '0,0 0,5 1,6 3,6 4,5 4,0', V: '0,0 2,6 4,0', W: '0,0 1,6 2,2.5 3,6 4,0',
  X: '0,0 4,6; 4,0 0,6', Y: '0,0 2,3 4,0; 2,3 2,6', Z: '0,0 4,0 0,6 4,6',
  0: '1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0', 1: '0.5,1 1.5,0 1.5,6; 0.5,6 2.5,6', 2: '0,1 1,0 3,0 4,1 4,2 0,6 4,6',
  3: '0,1 1,0 3,0 4,1 4,2 3,3 1.5,3; 3,3 4,4 4,5 3,6 1,6 0,5', 4: '3,6 3,0 0,4 4,4',
  5: '4,0 0,0 0,3 3,3 4,4 4,5 3,6 1,6 0,5', 6: '4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5 4,4 3,3 0,3', 7: '0,0 4,0 1.5,6',
  8: '1,3 0,2 0,1 1,0 3,0 4,1 4,2 3,3 1,3 0,4 0,5 1,6 3,6 4,5 4,4 3,3', 9: '0,5 1,6 3,6 4,5 4,1 3,0 1,0 0,1 0,2 1,3 4,3',
  a: '0.5,2 3,2 4,3 4,6; 4,4 1,4 0,4.8 1,6 3,6 4,5', b: '0,0 0,6; 0,3 1,2 3,2 4,3 4,5 3,6 1,6 0,5',
  c: '4,3 3,2 1,2 0,3 0,5 1,6 3,6 4,5', d: '4,0 4,6; 4,3 3,2 1,2 0,3 0,5 1,6 3,6 4,5',
  e: '0,4 4,4 4,3 3,2 1,2 0,3 0,5 1,6 3,6 4,5.3', f: '3.5,0.5 2.5,0 1.5,0.5 1.5,6; 0,2 3,2',
  g: '4,2 4,7 3,8 1,8; 4,3 3,2 1,2 0,3 0,5 1,6 3,6 4,5', h: '0,0 0,6; 0,3 1,2 3,2 4,3 4,6', i: '1,2 1,6; 1,0.6 1,0.8',
  j: '2,2 2,7 1,8 0,7.6; 2,0.6 2,0.8', k: '0,0 0,6; 3.5,2 0,4.5; 1.2,3.7 4,6', l: '1,0 1,5.5 1.5,6 2,6',
  m: '0,6 0,2; 0,3 0.8,2 1.5,2 2,3 2,6; 2,3 2.7,2 3.3,2 4,3 4,6', n: '0,6 0,2; 0,3 1,2 3,2 4,3 4,6',
  o: '1,2 3,2 4,3 4,5 3,6 1,6 0,5 0,3 1,2', p: '0,2 0,8; 0,3 1,2 3,2 4,3 4,5 3,6 1,6 0,5',
  q: '4,2 4,8; 4,3 3,2 1,2 0,3 0,5 1,6 3,6 4,5', r: '0,2 0,6; 0,3.5 1.5,2 3,2 4,2.6',
  s: '4,2.6 3,2 1,2 0,2.8 1,3.8 3,4.2 4,5 3,6 1,6 0,5.4', t: '1.5,0.5 1.5,5.5 2.5,6 3.5,5.7; 0,2 3,2',
  u: '0,2 0,5 1,6 3,6 4,5; 4,2 4,6', v: '0,2 2,6 4,2', w: '0,2 1,6 2,3 3,6 4,2', x: '0,2 4,6; 4,2 0,6',
  y: '0,2 2,6; 4,2 1,8', z: '0,2 4,2 0,6 4,6',
  '/': '0,6.5 3,-0.5', '.': '0.5,5.8 0.5,6', ',': '0.8,5.6 0.8,6 0.2,7', ':': '0.5,2.2 0.5,2.4; 0.5,5.8 0.5,6',
  '-': '0.5,3 3.5,3', '+': '0,3 4,3; 2,1 2,5', '=': '0.5,2.2 3.5,2.2; 0.5,3.8 3.5,3.8', '_': '0,6.6 4,6.6',
  '(': '2,-0.5 0.7,1.2 0.3,3 0.7,4.8 2,6.5', ')': '0,-0.5 1.3,1.2 1.7,3 1.3,4.8 0,6.5', '?': '0,1 1,0 3,0 4,1 4,2 2,3.5 2,4.3; 2,5.8 2,6',
  '!': '0.5,0 0.5,4.3; 0.5,5.8 0.5,6', '#': '1.3,0.5 0.7,5.5; 3.3,0.5 2.7,5.5; 0,2 4,2; 0,4 4,4', '*': '2,1 2,5; 0.3,2 3.7,4; 3.7,2 0.3,4',
  '\u00b1': '0,3 4,3; 2,1 2,5; 0,6 4,6', '\u00b7': '0.5,3 0.5,3.2',
};

interface Glyph {
  strokes: [number, number][][];
  minX: number;
  maxX: number;
}

const GLYPH_SPACING = 1.4;
const SPACE_ADVANCE = 3.2;

const PARSED = new Map<string, Glyph>(
  Object.entries(GLYPHS).map(([ch, spec]) => {
    const strokes = spec.split(';').map((s) =>
      s
        .trim()
        .split(/\s+/)
        .map((p) => p.split(',').map(Number) as [number, number]),
    );
    const xs = strokes.flat().map((p) => p[0]);
    return [ch, { strokes, minX: Math.min(...xs), maxX: Math.max(...xs) }];
  }),
);

function getGlyph(ch: string): Glyph | null {
  return PARSED.get(ch) ?? PARSED.get(ch.toUpperCase()) ?? (ch.trim() ? PARSED.get('?')! : null);
}

export interface TextStyle {
  /** Cap height in pixels. */
  capPx: number;
  /** Stroke width in pixels. */
  strokePx: number;
  /** Shear to the right, as a fraction of height (0.2 ≈ italic). */
  slant?: number;
  /** Handwriting-like jitter (in glyph units) drawn from this PRNG. */
  jitter?: { prng: Prng; amount: number };
}

/** Width in pixels that drawText would use. */
export function measureText(text: string, capPx: number): number {
  const s = capPx / 6;
  let w = 0;
  for (const ch of text) {
    const g = getGlyph(ch);
    w += g ? (g.maxX - g.minX + GLYPH_SPACING) * s : SPACE_ADVANCE * s;
  }
  return Math.max(0, w - GLYPH_SPACING * s);
}

/** Draw text with its left end at x and its baseline at y; returns the advance in pixels. */
export function drawText(mask: Mask, text: string, x: number, y: number, style: TextStyle): number {
  const s = style.capPx / 6;
  const hw = style.strokePx / 2;
  const slant = style.slant ?? 0;
  let pen = x;
  for (const ch of text) {
    const g = getGlyph(ch);
    if (!g) {
      pen += SPACE_ADVANCE * s;
      continue;
    }
    for (const stroke of g.strokes) {
      const pts = stroke.map(([gx, gy]) => {
        const jx = style.jitter ? style.jitter.prng.gaussian() * style.jitter.amount : 0;
        const jy = style.jitter ? style.jitter.prng.gaussian() * style.jitter.amount : 0;
        const up = 6 - gy - jy;
        return [pen + (gx - g.minX + jx + slant * up) * s, y - up * s] as const;
      });
      if (pts.length === 1) drawSegment(mask, pts[0]![0], pts[0]![1], pts[0]![0], pts[0]![1], hw);
      for (let k = 1; k < pts.length; k++)
        drawSegment(mask, pts[k - 1]![0], pts[k - 1]![1], pts[k]![0], pts[k]![1], hw);
    }
    pen += (g.maxX - g.minX + GLYPH_SPACING) * s;
  }
  return pen - x;
}
