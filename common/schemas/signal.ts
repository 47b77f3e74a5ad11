import { z } from 'zod';
import { Box, Sha256 } from './primitives';

/**
 * Where a lead's samples sit on the source image. In the deskewed frame:
 * x = originX + t·pxPerSecond, y = originY − mV·pxPerMv; the deskewed frame is the source image
 * rotated by rotationDeg about (rotationCenterX, rotationCenterY).
 * Pixel coordinates follow SVG: pixel (i, j) covers [i, i+1) × [j, j+1), its centre is (i+½, j+½);
 * positive rotationDeg turns clockwise on screen (y down), as SVG/CSS rotate() does.
 */
export const PixelMap = z.object({
  panel: Box,
  originX: z.number(),
  originY: z.number(),
  pxPerSecond: z.number().positive(),
  pxPerMv: z.number().positive(),
  rotationDeg: z.number().min(-45).max(45),
  rotationCenterX: z.number(),
  rotationCenterY: z.number(),
});
export type PixelMap = z.infer<typeof PixelMap>;

export const LeadQuality = z.object({
  /** Share of the panel's columns where a trace was found, 0..1. */
  coverage: z.number().min(0).max(1),
  flat: z.boolean(),
  calibrationPulseFound: z.boolean(),
  /** Gain measured from the pulse relative to the grid's, 1 = agrees. */
  pulseGainRatio: z.number().positive().optional(),
  notes: z.array(z.string()),
});
export type LeadQuality = z.infer<typeof LeadQuality>;

/** One extracted lead: calibrated samples in mV with the mapping back to pixels. NaN marks a gap. */
export const Lead = z.object({
  imageSha256: Sha256,
  name: z.string().min(1),
  fs: z.number().positive(),
  units: z.literal('mV'),
  /** Seconds from the panel's left edge to sample 0. */
  startTime: z.number(),
  samples: z.array(z.number().nullable()),
  pixelMap: PixelMap,
  quality: LeadQuality,
});
export type Lead = z.infer<typeof Lead>;
