import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { generateSynthSet, type SynthKind } from '../../electron/engine/synth';
import { loadRecord } from '../../electron/engine/wfdb';
import { MITDB_DIR } from './shared-data';

/**
 * A folder of rendered images the way a reviewer would have it (images only): truth JSON files go
 * to `<dir>-truth/` so tests can compare without the batch seeing them.
 */
export async function renderSynthFolder(
  dir: string,
  spec: { kind: SynthKind; count: number; records: string[]; artifacts?: 0 | 1 | 2 | 3; seed?: number }[],
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const truthDir = `${dir}-truth`;
  await mkdir(truthDir, { recursive: true });
  for (const [i, s] of spec.entries()) {
    const records = await Promise.all(s.records.map((r) => loadRecord(r, { dir: MITDB_DIR })));
    await generateSynthSet({
      kind: s.kind,
      records,
      count: s.count,
      outDir: dir,
      artifacts: s.artifacts ?? 0,
      seed: s.seed ?? 1000 + i,
    });
  }
  for (const f of await readdir(dir)) if (f.endsWith('.json')) await rename(path.join(dir, f), path.join(truthDir, f));
  return truthDir;
}
