import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AAMI_CLASSES, type AamiClass } from '../../../common/ecg/aami';
import { parseOrThrow } from '../../../common/schemas/errors';
import { SynthTruth } from '../../../common/schemas/truth';
import { writeFileAtomic } from '../util/atomic-write';
import type { WfdbBeat, WfdbRecord } from '../wfdb/record';
import type { ArtifactLevel } from './artifacts';
import { isBeatRenderable, renderBeatImage } from './beat-image';
import type { SynthFormat } from './encode';
import type { LeadLabelStyle } from './page-layout';
import type { RenderResult } from './page-render';
import type { GridColor } from './paper-style';
import { createPrng, deriveSeed } from './prng';
import { getSortedBeats } from './record-cache';
import { renderSheet } from './sheet';
import { renderStrip } from './strip';

export type SynthKind = 'beat' | 'strip' | 'sheet';

export interface SynthBatchOptions {
  kind: SynthKind;
  records: WfdbRecord[];
  count: number;
  outDir: string;
  /** A level, or 'mixed' to cycle 0, 1, 2, 3 over the images. */
  artifacts: ArtifactLevel | 'mixed';
  seed: number;
  dpi?: number;
  grid?: GridColor;
  labels?: LeadLabelStyle;
  durationS?: number;
  /** Beats: draw the class first (uniformly over classes present), then a beat of it. */
  balance?: boolean;
  /** Default 'auto': strips and sheets with artefacts become JPEG files like real scans; beats stay PNG. */
  format?: SynthFormat;
  onProgress?: (done: number, total: number) => void;
}

export interface SynthBatchItem {
  image: string;
  truth: string;
  record: string;
  kind: SynthKind;
  artifactLevel: number;
  seed: number;
  beats: Partial<Record<AamiClass, number>>;
}

/** Images rendered at once: overlaps sharp's encoding threads with the JS drawing. */
const SYNTH_CONCURRENCY = 4;

function countClasses(truth: SynthTruth): Partial<Record<AamiClass, number>> {
  const out: Partial<Record<AamiClass, number>> = {};
  const beats = truth.centerBeat !== undefined ? [truth.beats[truth.centerBeat]!] : truth.beats;
  for (const b of beats) out[b.aami] = (out[b.aami] ?? 0) + 1;
  return out;
}

function pickBeats(o: SynthBatchOptions): { record: WfdbRecord; beat: WfdbBeat }[] {
  const pool = o.records.flatMap((record) =>
    getSortedBeats(record)
      .filter((b) => isBeatRenderable(record, b.sample))
      .map((beat) => ({ record, beat })),
  );
  if (!pool.length) throw new Error('no renderable beats in the chosen records');
  const prng = createPrng(deriveSeed(o.seed, 7));
  const byClass = AAMI_CLASSES.map((c) => pool.filter((p) => p.beat.aami === c)).filter((g) => g.length);
  return Array.from({ length: o.count }, () => (o.balance ? prng.pick(prng.pick(byClass)) : prng.pick(pool)));
}

/**
 * Render `count` images with their truth JSON into outDir, plus manifest.json listing them.
 * Image i gets its own seed derived from (seed, i), so any one can be re-rendered alone.
 */
export async function generateSynthSet(o: SynthBatchOptions): Promise<{ items: SynthBatchItem[]; seconds: number }> {
  if (!o.records.length) throw new Error('no records to render from');
  await mkdir(o.outDir, { recursive: true });
  const started = performance.now();
  const beats = o.kind === 'beat' ? pickBeats(o) : [];
  const items: SynthBatchItem[] = new Array(o.count);
  const renderOne = async (i: number): Promise<void> => {
    const seed = deriveSeed(o.seed, i);
    const level = (o.artifacts === 'mixed' ? i % 4 : o.artifacts) as ArtifactLevel;
    let record: WfdbRecord;
    let result: RenderResult;
    if (o.kind === 'beat') {
      const pick = beats[i]!;
      record = pick.record;
      result = await renderBeatImage(record, pick.beat, {
        seed,
        artifacts: level,
        format: o.format === 'jpeg' ? 'jpeg' : 'png',
      });
    } else {
      record = o.records[i % o.records.length]!;
      const common = { seed, artifacts: level, dpi: o.dpi, grid: o.grid, labels: o.labels, format: o.format ?? 'auto' };
      result =
        o.kind === 'strip'
          ? await renderStrip(record, { ...common, durationS: o.durationS })
          : await renderSheet(record, common);
    }
    const truth = parseOrThrow(SynthTruth, result.truth, `truth of image ${i}`);
    const base = `${o.kind}-${record.name}-${String(i).padStart(5, '0')}`;
    const image = `${base}.${result.format === 'jpeg' ? 'jpg' : 'png'}`;
    await writeFile(path.join(o.outDir, image), result.image);
    await writeFile(path.join(o.outDir, `${base}.json`), JSON.stringify(truth));
    items[i] = {
      image,
      truth: `${base}.json`,
      record: record.name,
      kind: o.kind,
      artifactLevel: level,
      seed,
      beats: countClasses(truth),
    };
  };
  let done = 0;
  for (let i = 0; i < o.count; i += SYNTH_CONCURRENCY) {
    const batch = [];
    for (let k = i; k < Math.min(o.count, i + SYNTH_CONCURRENCY); k++) batch.push(renderOne(k));
    await Promise.all(batch);
    done += batch.length;
    o.onProgress?.(done, o.count);
  }
  const manifest = {
    version: 1,
    kind: o.kind,
    seed: o.seed,
    artifacts: o.artifacts,
    count: o.count,
    records: o.records.map((r) => r.name),
    items,
  };
  await writeFileAtomic(path.join(o.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return { items, seconds: (performance.now() - started) / 1000 };
}
