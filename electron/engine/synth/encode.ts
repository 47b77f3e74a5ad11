import sharp from 'sharp';
import { applyNoise, type ArtifactPlan } from './artifacts';
import type { Prng } from './prng';
import type { Raster } from './raster';

function toSharp(r: Raster | { width: number; height: number; channels: 1 | 3; data: Buffer }) {
  const data = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  return sharp(data, { raw: { width: r.width, height: r.height, channels: r.channels } });
}

/**
 * The camera/scanner end of the pipeline — blur, sensor noise, JPEG — then the PNG bytes.
 * A JPEG round trip keeps the file a PNG, so every kind and level share one format.
 */
export async function encodeWithArtifacts(r: Raster, plan: ArtifactPlan, prng: Prng, dpi: number | null): Promise<Buffer> {
  let cur = r;
  if (plan.blurSigmaPx >= 0.3) {
    let pipe = toSharp(cur).blur(plan.blurSigmaPx);
    // Without this sharp hands a single-channel raster back as sRGB.
    if (cur.channels === 1) pipe = pipe.toColourspace('b-w');
    const data = await pipe.raw().toBuffer();
    if (data.length !== cur.data.length) throw new Error('blur changed the raster size');
    cur = { ...cur, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  }
  if (plan.noiseSigma > 0) applyNoise(cur, plan.noiseSigma, prng);
  let pipeline = toSharp(cur);
  if (plan.jpegQuality !== null) {
    const jpeg = await pipeline.jpeg({ quality: plan.jpegQuality, chromaSubsampling: '4:2:0' }).toBuffer();
    pipeline = sharp(jpeg);
  }
  if (cur.channels === 1) pipeline = pipeline.toColourspace('b-w');
  if (dpi !== null) pipeline = pipeline.withMetadata({ density: dpi });
  return pipeline.png({ compressionLevel: 6 }).toBuffer();
}
