import sharp from 'sharp';
import { applyNoise, type ArtifactPlan } from './artifacts';
import type { Prng } from './prng';
import type { Raster } from './raster';

/** 'auto': a JPEG file when the artefact level compresses (a scan or photo), otherwise PNG. */
export type SynthFormat = 'png' | 'jpeg' | 'auto';
export type SynthFileFormat = 'png' | 'jpeg';

/** Below this many pixels a JS blur beats a round trip through sharp (beat crops). */
const JS_BLUR_MAX_PIXELS = 1 << 16;

function toSharp(r: Raster) {
  const data = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  return sharp(data, { raw: { width: r.width, height: r.height, channels: r.channels } });
}

/** Separable Gaussian blur with clamped edges, in place. */
export function blurRaster(r: Raster, sigma: number): void {
  const rad = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * rad + 1);
  let sum = 0;
  for (let i = -rad; i <= rad; i++) sum += k[i + rad] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  const { width: w, height: h, channels: ch } = r;
  const tmp = new Float32Array(r.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < ch; c++) {
        let acc = 0;
        for (let d = -rad; d <= rad; d++)
          acc += k[d + rad]! * r.data[(y * w + Math.min(w - 1, Math.max(0, x + d))) * ch + c]!;
        tmp[(y * w + x) * ch + c] = acc;
      }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < ch; c++) {
        let acc = 0;
        for (let d = -rad; d <= rad; d++)
          acc += k[d + rad]! * tmp[(Math.min(h - 1, Math.max(0, y + d)) * w + x) * ch + c]!;
        r.data[(y * w + x) * ch + c] = acc;
      }
}

/**
 * The camera/scanner end of the pipeline — blur, sensor noise, JPEG — then the file bytes.
 * With format 'png' a JPEG artefact is a round trip, so the damage is there but the file stays PNG.
 */
export async function encodeWithArtifacts(
  r: Raster,
  plan: ArtifactPlan,
  prng: Prng,
  dpi: number | null,
  format: SynthFormat,
): Promise<{ image: Buffer; format: SynthFileFormat }> {
  let cur = r;
  if (plan.blurSigmaPx >= 0.3) {
    if (cur.width * cur.height <= JS_BLUR_MAX_PIXELS) blurRaster(cur, plan.blurSigmaPx);
    else {
      let pipe = toSharp(cur).blur(plan.blurSigmaPx);
      // Without this sharp hands a single-channel raster back as sRGB.
      if (cur.channels === 1) pipe = pipe.toColourspace('b-w');
      const data = await pipe.raw().toBuffer();
      if (data.length !== cur.data.length) throw new Error('blur changed the raster size');
      cur = { ...cur, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
    }
  }
  if (plan.noiseSigma > 0) applyNoise(cur, plan.noiseSigma, prng);
  const out: SynthFileFormat = format === 'auto' ? (plan.jpegQuality !== null ? 'jpeg' : 'png') : format;
  let pipeline = toSharp(cur);
  if (cur.channels === 1) pipeline = pipeline.toColourspace('b-w');
  if (dpi !== null) pipeline = pipeline.withMetadata({ density: dpi });
  if (out === 'jpeg') {
    const image = await pipeline.jpeg({ quality: plan.jpegQuality ?? 92, chromaSubsampling: '4:2:0' }).toBuffer();
    return { image, format: out };
  }
  if (plan.jpegQuality !== null) {
    const jpeg = await pipeline.jpeg({ quality: plan.jpegQuality, chromaSubsampling: '4:2:0' }).toBuffer();
    pipeline = sharp(jpeg);
    if (cur.channels === 1) pipeline = pipeline.toColourspace('b-w');
    if (dpi !== null) pipeline = pipeline.withMetadata({ density: dpi });
  }
  return { image: await pipeline.png({ compressionLevel: 6 }).toBuffer(), format: out };
}
