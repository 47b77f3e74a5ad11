import { z } from 'zod';
import { AamiClassSchema, Sha256 } from './primitives';

/** A beat is (image sha256, lead, R sample at the lead's fs); labels, merges and exports key on it. */
export function formatBeatId(imageSha256: string, lead: string, rSample: number): string {
  return `${imageSha256}:${lead}:${rSample}`;
}

export function parseBeatId(id: string): { imageSha256: string; lead: string; rSample: number } {
  const m = /^([0-9a-f]{64}):(.+):(\d+)$/.exec(id);
  if (!m) throw new Error(`not a beat id: ${JSON.stringify(id)}`);
  return { imageSha256: m[1]!, lead: m[2]!, rSample: Number(m[3]) };
}

export const BeatId = z.string().regex(/^[0-9a-f]{64}:.+:\d+$/, 'must be <sha256>:<lead>:<rSample>');

/** RR context from the beat's own record (seconds); null where the image holds no rhythm. */
export const RhythmContext = z.object({
  preRR: z.number().positive(),
  postRR: z.number().positive(),
  localRR: z.number().positive(),
  recordRR: z.number().positive(),
});
export type RhythmContext = z.infer<typeof RhythmContext>;

export const Beat = z.object({
  id: BeatId,
  imageSha256: Sha256,
  lead: z.string(),
  rSample: z.number().int().nonnegative(),
  fs: z.number().positive(),
  /** Sample range of the lead that the model window covers. */
  windowStart: z.number().int(),
  windowEnd: z.number().int(),
  rhythm: RhythmContext.nullable(),
  /** Reference label where the source carries one (WFDB annotations, synthetic truth). */
  reference: AamiClassSchema.optional(),
});
export type Beat = z.infer<typeof Beat>;
