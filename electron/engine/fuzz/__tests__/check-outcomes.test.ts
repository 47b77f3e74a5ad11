import { describe, expect, it } from 'vitest';
import { compareWithManifest, meetsExpectation } from '../check-outcomes';
import type { FuzzEntry, FuzzManifest } from '../fuzz-manifest';

const entry = (e: Partial<FuzzEntry>): FuzzEntry => ({ path: 'a.png', kind: 'seed', expect: 'image-ok', ...e });

describe('meetsExpectation', () => {
  it('wants the exact refusal code with a reason', () => {
    const e = entry({ kind: 'empty', expect: 'refused:empty-file' });
    expect(
      meetsExpectation(e, [{ path: 'a.png', type: 'refused', code: 'empty-file', message: 'file is empty' }], 'scan'),
    ).toBe(true);
    expect(meetsExpectation(e, [{ path: 'a.png', type: 'refused', code: 'corrupt', message: 'x' }], 'scan')).toBe(
      false,
    );
    expect(meetsExpectation(e, [{ path: 'a.png', type: 'refused', code: 'empty-file', message: ' ' }], 'scan')).toBe(
      false,
    );
  });

  it('lets decode-stage refusals pass the scan, but not the batch', () => {
    const e = entry({ kind: 'truncated', expect: 'any-refused', refusedBy: 'decode' });
    const asImage = [{ path: 'a.png', type: 'image' as const }];
    expect(meetsExpectation(e, asImage, 'scan')).toBe(true);
    expect(meetsExpectation(e, asImage, 'batch')).toBe(false);
  });

  it('counts two outcomes for one path as a failure, and checks size and duplicate origin', () => {
    const img = { path: 'a.png', type: 'image' as const, format: 'png', width: 10, height: 20 };
    expect(meetsExpectation(entry({ kind: 'bit-flip', expect: 'any' }), [img, img], 'scan')).toBe(false);
    expect(meetsExpectation(entry({ format: 'png', width: 10, height: 21 }), [img], 'scan')).toBe(false);
    expect(
      meetsExpectation(
        entry({ expect: 'duplicate', duplicateOf: 'b.png' }),
        [{ path: 'a.png', type: 'duplicate', of: 'c.png' }],
        'scan',
      ),
    ).toBe(false);
  });
});

describe('compareWithManifest', () => {
  it('reports missing, unlisted and huge-folder shortfalls', () => {
    const manifest: FuzzManifest = {
      schema: 1,
      generator: 'ecg-review fuzz',
      seed: 1,
      count: 2,
      encoders: {},
      runningAsRoot: true,
      notes: [],
      files: [entry({ path: 'a.png' }), entry({ path: 'dir', kind: 'folder-named-image', expect: 'no-event' })],
      hugeFolder: { dir: 'huge', files: 2, namePattern: '', expect: 'image-ok', format: 'png', width: 16, height: 16 },
    };
    const r = compareWithManifest(manifest, [
      { path: 'stray.png', type: 'image' },
      { path: 'huge/f000000.png', type: 'image', width: 16 },
    ]);
    expect(r.mismatches.map((m) => [m.path, m.kind])).toEqual([
      ['a.png', 'seed'],
      ['stray.png', 'unlisted'],
      ['huge/', 'huge-folder'],
    ]);
    expect(r.byKind['seed']).toMatchObject({ tried: 1, ok: 0, mismatches: 1 });
  });
});
