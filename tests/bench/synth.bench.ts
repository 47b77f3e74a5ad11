import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type ArtifactLevel,
  ECG_ARTIFACT_LEVELS,
  generateSynthSet,
  getSortedBeats,
  isBeatRenderable,
  renderBeatImage,
  renderSheet,
  renderStrip,
  type RenderResult,
} from '../../electron/engine/synth/index';
import { loadRecord } from '../../electron/engine/wfdb/record';
import { DS1_RECORDS } from '../../electron/engine/wfdb/records';
import { MITDB_DIR } from '../support/shared-data';

/** Images rendered per second for each kind and artefact level (PNG bytes in memory), and a batch to disk. */
export async function run(): Promise<object> {
  const records = await Promise.all(['101', '119', '208', '223'].map((r) => loadRecord(r, { dir: MITDB_DIR })));
  const beats = records.flatMap((rec) =>
    getSortedBeats(rec)
      .filter((b) => isBeatRenderable(rec, b.sample))
      .map((beat) => ({ rec, beat })),
  );
  const counts = { beat: 300, strip: 6, sheet: 4 } as const;
  const perKind: Record<string, unknown>[] = [];
  for (const kind of ['beat', 'strip', 'sheet'] as const) {
    for (const level of ECG_ARTIFACT_LEVELS as ArtifactLevel[]) {
      const n = counts[kind];
      let bytes = 0;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const seed = 1000 * level + i;
        let r: RenderResult;
        if (kind === 'beat') {
          const pick = beats[(i * 7919) % beats.length]!;
          r = await renderBeatImage(pick.rec, pick.beat, { seed, artifacts: level });
        } else {
          const rec = records[i % records.length]!;
          r =
            kind === 'strip'
              ? await renderStrip(rec, { seed, artifacts: level, format: 'auto' })
              : await renderSheet(rec, { seed, artifacts: level, format: 'auto' });
        }
        bytes += r.image.length;
      }
      const s = (performance.now() - t0) / 1000;
      perKind.push({
        kind,
        level,
        dpi: kind === 'beat' ? null : 200,
        images: n,
        seconds: +s.toFixed(3),
        imagesPerSecond: +(n / s).toFixed(2),
        meanKiB: +(bytes / n / 1024).toFixed(1),
      });
    }
  }
  // The batch path the CLI uses: selection, 4 renders in flight, truth validation, PNG + JSON to disk.
  const out = await mkdtemp(path.join(os.tmpdir(), 'ecg-synth-bench-'));
  const ds1 = await Promise.all(DS1_RECORDS.map((r) => loadRecord(r, { dir: MITDB_DIR })));
  const batch = await generateSynthSet({
    kind: 'beat',
    records: ds1,
    count: 1000,
    outDir: path.join(out, 'beats'),
    artifacts: 'mixed',
    seed: 1,
    balance: true,
  });
  const sheets = await generateSynthSet({
    kind: 'sheet',
    records: ds1,
    count: 8,
    outDir: path.join(out, 'sheets'),
    artifacts: 'mixed',
    seed: 1,
  });
  await rm(out, { recursive: true, force: true });
  return {
    perKind,
    batch: [
      {
        kind: 'beat',
        artifacts: 'mixed',
        images: batch.items.length,
        seconds: +batch.seconds.toFixed(2),
        imagesPerSecond: +(batch.items.length / batch.seconds).toFixed(1),
      },
      {
        kind: 'sheet',
        artifacts: 'mixed',
        dpi: 200,
        images: sheets.items.length,
        seconds: +sheets.seconds.toFixed(2),
        imagesPerSecond: +(sheets.items.length / sheets.seconds).toFixed(2),
      },
    ],
    note: 'Single process on a shared 2-core machine; see machine.loadAverage. Batch timings include truth JSON validation and writing.',
  };
}
