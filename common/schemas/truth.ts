import { z } from 'zod';
import { AamiClassSchema, Box } from './primitives';
import { ImageKind } from './image';
import { PixelMap } from './signal';

/** Ground truth written beside every synthetic image by the renderer: the yardstick for digitization. */
export const TruthPanel = z.object({
  lead: z.string(),
  /** Source channel in the WFDB record. */
  channel: z.number().int().nonnegative(),
  box: Box,
  pixelMap: PixelMap,
  /** Seconds into the record where this panel starts and how long it lasts. */
  startTime: z.number().nonnegative(),
  duration: z.number().positive(),
});

export const TruthBeat = z.object({
  panel: z.number().int().nonnegative(),
  /** Sample index in the record at its own fs. */
  sample: z.number().int().nonnegative(),
  x: z.number(),
  y: z.number(),
  code: z.string(),
  aami: AamiClassSchema,
});

export const ShiftProfile = z.object({
  amplitude: z.number(),
  baselineDrift: z.number(),
  noise: z.number(),
  timeWarp: z.number(),
});

export const TruthLead = z.object({
  name: z.string(),
  channel: z.number().int().nonnegative(),
  fs: z.number().positive(),
  startSample: z.number().int().nonnegative(),
  samples: z.array(z.number()),
});

export const SynthTruth = z.object({
  version: z.literal(1),
  record: z.string(),
  kind: ImageKind,
  seed: z.number().int(),
  artifactLevel: z.number().int().min(0).max(3),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  dpi: z.number().positive(),
  gridColor: z.string().nullable(),
  /** Rotation applied to the page, degrees (artifacts). */
  rotationDeg: z.number(),
  leads: z.array(TruthLead),
  panels: z.array(TruthPanel),
  beats: z.array(TruthBeat),
  shift: ShiftProfile.optional(),
});
export type SynthTruth = z.infer<typeof SynthTruth>;
