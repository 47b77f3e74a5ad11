/** Above this share of isolated ink pixels the page's grid is printed as dark dots. */
const ECG_DOTTED_GRID_SHARE = 0.1;

/**
 * Grids printed as dots (grey or black, so they read as ink) are single pixels with no inked
 * neighbour; a trace stroke never is. When such pixels make up a large share of the ink, erase
 * them (in place), so rows and paths follow the trace, not a dotted line. Returns the erased
 * pixels' indices (the grid's dots, which its scale can be read from), or null when the grid is not dotted.
 */
export function removeGridDots(ink: Float32Array, width: number, height: number, threshold: number): number[] | null {
  const isolated: number[] = [];
  let inkCount = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      if (ink[i]! < threshold) continue;
      inkCount++;
      if (
        ink[i - 1]! < threshold &&
        ink[i + 1]! < threshold &&
        ink[i - width - 1]! < threshold &&
        ink[i - width]! < threshold &&
        ink[i - width + 1]! < threshold &&
        ink[i + width - 1]! < threshold &&
        ink[i + width]! < threshold &&
        ink[i + width + 1]! < threshold
      )
        isolated.push(i);
    }
  }
  if (!inkCount || isolated.length / inkCount < ECG_DOTTED_GRID_SHARE) return null;
  for (const i of isolated) ink[i] = 0;
  return isolated;
}
