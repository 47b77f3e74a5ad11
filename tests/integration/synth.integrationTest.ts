import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SynthTruth } from '../../common/schemas/truth';
import { runCli } from '../../electron/cli/main';
import {
  ECG_ARTIFACT_LEVELS,
  getSortedBeats,
  isBeatRenderable,
  renderBeatImage,
  renderSheet,
  renderStrip,
} from '../../electron/engine/synth/index';
import { loadRecord, type WfdbRecord } from '../../electron/engine/wfdb/record';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTTY: false } };
};

describe.skipIf(!hasSharedData(MITDB_DIR))('synth renderer: determinism, truth contract, CLI (shared data)', () => {
  let rec: WfdbRecord;
  let tmp: string;
  beforeAll(async () => {
    rec = await loadRecord('119', { dir: MITDB_DIR });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ecg-synth-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('gives the same bytes for the same seed and different bytes for another seed', async () => {
    const beat = getSortedBeats(rec).find((b) => b.aami === 'V' && isBeatRenderable(rec, b.sample))!;
    for (const level of ECG_ARTIFACT_LEVELS) {
      const renders = [(seed: number) => renderBeatImage(rec, beat, { seed, artifacts: level })];
      // Level 3 draws from every random source the lower levels use, and more.
      if (level === 0 || level === 3) {
        renders.push((seed: number) => renderStrip(rec, { seed, artifacts: level, dpi: 100 }));
        renders.push((seed: number) => renderSheet(rec, { seed, artifacts: level, dpi: 100 }));
      }
      for (const render of renders) {
        const a = await render(11);
        const b = await render(11);
        const c = await render(12);
        expect(a.image.equals(b.image), `level ${level} ${a.truth.kind}`).toBe(true);
        expect(JSON.stringify(a.truth)).toBe(JSON.stringify(b.truth));
        expect(a.image.equals(c.image)).toBe(false);
      }
    }
  });

  it('writes truth that validates against SynthTruth for every kind and level, and images of the stated size', async () => {
    const beat = getSortedBeats(rec)[500]!;
    for (const level of ECG_ARTIFACT_LEVELS) {
      for (const { image: png, truth } of [
        await renderBeatImage(rec, beat, { seed: level, artifacts: level }),
        await renderStrip(rec, { seed: level, artifacts: level, dpi: 150, durationS: 6 }),
        await renderSheet(rec, { seed: level, artifacts: level, dpi: 120, labels: 'record' }),
      ]) {
        const t = SynthTruth.parse(JSON.parse(JSON.stringify(truth)));
        const meta = await sharp(png).metadata();
        expect([meta.width, meta.height]).toEqual([t.width, t.height]);
        expect(t.artifactLevel).toBe(level);
        expect(t.leads.every((l) => l.fs === 360 && l.samples.length > 100)).toBe(true);
        expect(t.beats.length).toBeGreaterThan(0);
        if (t.kind === 'beat') {
          expect(meta.channels).toBe(1);
          expect(t.shift!.level).toBe(level);
        } else {
          expect(meta.density).toBe(t.dpi);
          expect(t.panels.length).toBe(t.kind === 'sheet' ? 13 : 2);
          if (level === 0) expect(t.artifacts).toEqual([]);
          else expect(t.artifacts!.map((a) => a.name)).toContain('jpeg');
        }
        if (t.kind === 'sheet') expect(t.panels[0]!.lead).toBe('MLII');
      }
    }
  });

  it('scales a strip with the dpi: 25 mm/s and 10 mm/mV at 100 and 600 dpi', async () => {
    for (const dpi of [100, 600]) {
      const { truth } = await renderStrip(rec, { seed: 3, dpi, durationS: 2 });
      const m = truth.panels[0]!.pixelMap;
      expect(m.pxPerSecond).toBeCloseTo((25 * dpi) / 25.4, 9);
      expect(m.pxPerMv).toBeCloseTo((10 * dpi) / 25.4, 9);
      expect(truth.width).toBe(Math.round(((15 + 50 + 5) * dpi) / 25.4));
    }
    await expect(renderStrip(rec, { dpi: 50 })).rejects.toThrow(/dpi/);
  });

  it('`ecg-review synth` writes images, truth and a manifest, byte-identical for the same seed', async () => {
    const dirs = [path.join(tmp, 'a'), path.join(tmp, 'b')];
    for (const out of dirs) {
      const c = io();
      const code = await runCli(
        [
          'synth',
          '--kind',
          'beat',
          '--record',
          '119',
          '--record',
          path.join(MITDB_DIR, '208.hea'),
          '--count',
          '12',
          '--artifacts',
          'mixed',
          '--balance',
          '--seed',
          '7',
          '--out',
          out,
          '--mitdb',
          MITDB_DIR,
        ],
        c.io,
      );
      expect(c.err).toEqual([]);
      expect(code).toBe(0);
      expect(c.out.join('\n')).toMatch(/wrote 12 beat images/);
    }
    const files = (await readdir(dirs[0]!)).sort();
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(12);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(13);
    expect((await readdir(dirs[1]!)).sort()).toEqual(files);
    for (const f of files)
      expect((await readFile(path.join(dirs[0]!, f))).equals(await readFile(path.join(dirs[1]!, f))), f).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(dirs[0]!, 'manifest.json'), 'utf8'));
    expect(manifest.items.map((i: { artifactLevel: number }) => i.artifactLevel)).toEqual([
      0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3,
    ]);
    // Balanced sampling reaches beyond N in a dozen draws (119 has hundreds of V beats, 208 F beats).
    const classes = new Set(manifest.items.flatMap((i: { beats: Record<string, number> }) => Object.keys(i.beats)));
    expect(classes.size).toBeGreaterThan(1);
    for (const f of files.filter((x) => x.startsWith('beat-')))
      if (f.endsWith('.json')) SynthTruth.parse(JSON.parse(await readFile(path.join(dirs[0]!, f), 'utf8')));
  });

  it('`ecg-review synth` refuses bad options with a message', async () => {
    const c = io();
    expect(await runCli(['synth', '--kind', 'poster', '--out', tmp], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/--kind must be/);
    const d = io();
    expect(await runCli(['synth', '--artifacts', '4', '--out', tmp], d.io)).toBe(1);
    expect(d.err.join('\n')).toMatch(/--artifacts/);
  });

  it('`ecg-review synth --contact-sheet` writes one PNG', async () => {
    const out = path.join(tmp, 'cs');
    const c = io();
    expect(await runCli(['synth', '--contact-sheet', '--out', out, '--mitdb', MITDB_DIR], c.io)).toBe(0);
    expect(await readdir(out)).toEqual(['contact-sheet.png']);
    const meta = await sharp(path.join(out, 'contact-sheet.png')).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(2000);
  });
});
