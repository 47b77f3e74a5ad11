/**
 * Grids printed dark (black or grey lines that read as ink) are long straight runs; traces are
 * not. When long horizontal runs make up a large share of the ink, erase runs longer than
 * `horizontalMm` across and `verticalMm` down (a QRS stroke is shorter than the latter).
 * Returns whether the grid was dark (and lines were erased) — in place on `ink`.
 */
export function removeDarkGridLines(
  ink: Float32Array,
  width: number,
  height: number,
  threshold: number,
  pxPerMm: number,
  horizontalMm = 10,
  verticalMm = 35,
): boolean {
  const minH = Math.max(8, Math.round(horizontalMm * pxPerMm));
  const minV = Math.max(16, Math.round(verticalMm * pxPerMm));
  let inkCount = 0;
  let longCount = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const on = x < width && ink[row + x]! >= threshold;
      if (on) {
        inkCount++;
        if (start < 0) start = x;
      } else if (start >= 0) {
        if (x - start >= minH) longCount += x - start;
        start = -1;
      }
    }
  }
  if (inkCount === 0 || longCount / inkCount < 0.25) return false;
  const erase = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const on = x < width && ink[row + x]! >= threshold;
      if (on) {
        if (start < 0) start = x;
      } else if (start >= 0) {
        if (x - start >= minH) for (let k = start; k < x; k++) erase[row + k] = 1;
        start = -1;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const on = y < height && ink[y * width + x]! >= threshold;
      if (on) {
        if (start < 0) start = y;
      } else if (start >= 0) {
        if (y - start >= minV) for (let k = start; k < y; k++) erase[k * width + x] = 1;
        start = -1;
      }
    }
  }
  for (let i = 0; i < erase.length; i++) if (erase[i]) ink[i] = 0;
  return true;
}
