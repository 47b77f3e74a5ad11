import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithManifest, type ObservedOutcome } from '../../electron/engine/fuzz/check-outcomes';
import type { FuzzEntry, FuzzManifest } from '../../electron/engine/fuzz/fuzz-manifest';
import { generateFuzzCorpus } from '../../electron/engine/fuzz/generate-corpus';
import { observeScan } from '../../electron/engine/fuzz/observe-scan';
import { observeBatch } from '../../electron/engine/fuzz/observe-batch';
import { removeFuzzCorpus } from '../../electron/engine/fuzz/remove-corpus';

describe('fuzz corpus through the scan', () => {
  let root: string;
  let manifest: FuzzManifest;
  let outcomes: ObservedOutcome[];
  let crash: Error | null;
  const eventsOf = (p: string) => outcomes.filter((o) => o.path === p);

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ecg-fuzz-'));
    manifest = await generateFuzzCorpus({ out: root, count: 100, seed: 20251125, onProgress: () => {} });
    ({ outcomes, crash } = await observeScan(root));
  });
  afterAll(() => removeFuzzCorpus(root));

  it('generates 100 entries of every kind and scans them without a crash', () => {
    expect(manifest.files).toHaveLength(100);
    expect(crash).toBeNull();
    expect(outcomes.length).toBeGreaterThan(90);
  });

  it('accounts for every generated file exactly once, with the outcome the manifest expects', () => {
    const { mismatches } = compareWithManifest(manifest, outcomes, 'scan');
    const byPath = new Map(manifest.files.map((f) => [f.path, f]));
    const unexpected = mismatches;
    expect(unexpected).toEqual([]);
    // No path reported twice, and nothing reported that the generator did not write.
    const paths = outcomes.map((o) => o.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const p of paths) expect(byPath.has(p), p).toBe(true);
  });

  it('gives each kind of bad file its own reason', () => {
    const first = (kind: string, pred: (f: FuzzEntry) => boolean = () => true) => {
      const f = manifest.files.find((x) => x.kind === kind && pred(x));
      expect(f, kind).toBeDefined();
      const [e] = eventsOf(f!.path);
      expect(e, f!.path).toBeDefined();
      return e!;
    };
    const codes = {
      empty: first('empty').code,
      bomb: first('bomb', (f) => f.path.includes('100000x100000.png')).code,
      nonImage: first('non-image').code,
      loop: first('symlink-loop').code,
      dangling: first('dangling-symlink').code,
      truncated: first('truncated', (f) => f.format === 'png' || f.format === 'jpeg' || f.format === 'bmp').code,
    };
    expect(codes).toEqual({
      empty: 'empty-file',
      bomb: 'too-large',
      nonImage: 'not-an-image',
      loop: 'symlink-loop',
      dangling: 'unreadable',
      truncated: 'truncated',
    });
    // Within one code, the message still says what the file is.
    const msg = (name: string) => eventsOf(`70-non-images/${name}`)[0]?.message ?? '';
    expect(msg('scan-report.pdf')).toMatch(/PDF/);
    expect(msg('archive.zip')).toMatch(/ZIP/);
    expect(msg('measurements-renamed.png')).toMatch(/text/);
    expect(msg('animation.gif')).toMatch(/GIF/);
    expect(msg('random.bin')).toMatch(/binary/);
    for (const f of manifest.files.filter((x) => x.kind === 'bomb' && x.expect === 'refused:too-large')) {
      expect(eventsOf(f.path)[0]?.message, f.path).toMatch(/pixels/);
    }
  });

  it('still finds every good file, with its format and size, under any name', () => {
    const good = manifest.files.filter((f) => f.expect === 'image-ok');
    expect(good.length).toBeGreaterThan(20);
    for (const f of good) {
      const [e] = eventsOf(f.path);
      expect(e, f.path).toMatchObject({ type: 'image', format: f.format, width: f.width, height: f.height });
    }
    const formats = new Set(good.map((f) => f.format));
    expect(formats).toEqual(new Set(['png', 'jpeg', 'tiff', 'bmp', 'webp']));
    // Copies are recognised as the first path the walk met, by content alone.
    for (const f of manifest.files.filter((x) => x.expect === 'duplicate')) {
      expect(eventsOf(f.path), f.path).toEqual([{ path: f.path, type: 'duplicate', of: f.duplicateOf }]);
    }
  });
});

describe('fuzz corpus through the batch pipeline', () => {
  let root: string;
  let manifest: FuzzManifest;
  let observed: Awaited<ReturnType<typeof observeBatch>>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ecg-fuzz-batch-'));
    manifest = await generateFuzzCorpus({ out: root, count: 100, seed: 20251126, onProgress: () => {} });
    observed = await observeBatch(root);
  }, 120_000);
  afterAll(() => removeFuzzCorpus(root));

  it('never dies, and every bad file ends refused with its own reason while good ones are processed', () => {
    expect(observed.threw).toBeNull();
    expect(observed.result?.progress.state).toBe('done');
    let good = 0;
    for (const f of manifest.files) {
      if (f.expect === 'no-event' || f.path === 'manifest.json') continue;
      const seen = observed.outcomes.get(f.path) ?? [];
      expect(seen, `${f.path} (${f.kind}) has exactly one outcome`).toHaveLength(1);
      const o = seen[0]!;
      expect(o.reason, `${f.path}: a refusal carries a reason`).toBe(true);
      if (f.expect === 'duplicate') expect(o.status).toBe('duplicate');
      else if (f.expect.startsWith('refused') || f.refusedBy === 'decode')
        expect(o.status, `${f.path} (${f.kind})`).toBe('refused');
      if (f.expect.startsWith('refused:')) expect(o.code, f.path).toBe(f.expect.slice('refused:'.length));
      if (f.expect === 'image-ok' && f.kind === 'seed' && (o.status === 'ok' || o.status === 'partial')) good++;
    }
    expect(good).toBeGreaterThan(0);
  });
});
