import sharp from 'sharp';
import { decodeImage } from '../../electron/engine/decode/decode-image';
import type { DigitizeResult } from '../../electron/engine/digitize/digitize-image';
import { mapSampleToSource } from '../../electron/engine/digitize/pixel-map';

const COLOURS: [number, number, number][] = [
  [230, 0, 0],
  [0, 120, 255],
  [0, 170, 0],
  [200, 0, 200],
];

/** The image with each extracted lead drawn back through its PixelMap (and panel boxes, R marks). */
export async function drawOverlay(bytes: Uint8Array, result: DigitizeResult, width: number): Promise<Buffer> {
  // The engine's own decoder (BMP too), at full resolution so PixelMaps land where they point.
  const src = await decodeImage(bytes, { workingPixels: 100_000_000 });
  const W = src.width;
  const H = src.height;
  const img = new Uint8Array(src.rgb);
  const dot = (x: number, y: number, c: [number, number, number], r: number) => {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const xx = Math.round(x) + dx;
        const yy = Math.round(y) + dy;
        if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
        const i = (yy * W + xx) * 3;
        img[i] = c[0];
        img[i + 1] = c[1];
        img[i + 2] = c[2];
      }
    }
  };
  const r = Math.max(1, Math.round(W / 1400));
  const pen = Math.max(0, Math.round(W / 1800));
  result.leads.forEach((lead, li) => {
    const c = COLOURS[li % COLOURS.length]!;
    const pm = lead.pixelMap;
    for (let x = pm.panel.x; x < pm.panel.x + pm.panel.width; x += 2) {
      dot(x, pm.panel.y, [120, 120, 120], 0);
      dot(x, pm.panel.y + pm.panel.height, [120, 120, 120], 0);
    }
    let prev: { x: number; y: number } | null = null;
    lead.samples.forEach((v, k) => {
      if (v === null) {
        prev = null;
        return;
      }
      const p = mapSampleToSource(pm, k / lead.fs, v);
      if (prev) {
        const steps = Math.ceil(Math.max(Math.abs(p.x - prev.x), Math.abs(p.y - prev.y)));
        for (let s = 0; s <= steps; s++)
          dot(
            prev.x + ((p.x - prev.x) * s) / Math.max(1, steps),
            prev.y + ((p.y - prev.y) * s) / Math.max(1, steps),
            c,
            pen,
          );
      }
      prev = p;
    });
    for (const b of result.beats[lead.name] ?? []) {
      const p = mapSampleToSource(pm, b.rSample / lead.fs, 0);
      for (let d = -6 * r; d <= 6 * r; d++) dot(p.x, p.y + pm.pxPerMv * 0.8 + d, [255, 140, 0], r);
    }
  });
  return sharp(Buffer.from(img), { raw: { width: W, height: H, channels: 3 } })
    .resize({ width })
    .png()
    .toBuffer();
}
