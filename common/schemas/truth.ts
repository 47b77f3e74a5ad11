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
  /**
   * The values actually drawn when they differ from the lead's true samples (beat images under a
   * shift profile): sample k sits at startTime + k/fs, in mV, and pixelMap maps these exactly.
   */
  drawn: z.object({ fs: z.number().positive(), samples: z.array(z.number()) }).optional(),
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
  /** Factor applied about the window median. */
  amplitude: z.number(),
  /** Peak amplitude of the added slow drift, mV. */
  baselineDrift: z.number(),
  /** Standard deviation of the added white noise, mV. */
  noise: z.number(),
  /** Relative stretch of the time axis about the R peak (0.1 = drawn 10 % wider). */
  timeWarp: z.number(),
  /** Graded strength 0..3 the values were drawn from. */
  level: z.number().int().min(0).max(3).optional(),
});

/** One applied image artefact and its parameters (rotation, blur, jpeg, crease...). */
export const TruthArtifact = z.object({ name: z.string(), params: z.record(z.string(), z.number()) });

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
  /**
   * Clean page → image homography (row-major 3×3 on (x, y, 1), SVG pixel convention): rotation
   * and keystone of the artefacts. Panel boxes and pixel maps live on the clean page (their
   * rotationDeg is 0): image point = pageTransform · pixelMap(t, mV). Beats' x, y are already on
   * the image. Absent or identity for a clean render.
   */
  pageTransform: z.array(z.number()).length(9).optional(),
  artifacts: z.array(TruthArtifact).optional(),
  /** Width of the drawn trace, pixels. */
  traceWidthPx: z.number().positive().optional(),
  /** Index into beats of the beat a single-beat image is centred on. */
  centerBeat: z.number().int().nonnegative().optional(),
});
export type SynthTruth = z.infer<typeof SynthTruth>;
