import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportReviewSet } from '../../electron/engine/export/export-review-set';
import { openReviewStore, type ReviewStore } from '../../electron/engine/store/review-store';
import { fillSyntheticReviewSet } from './store-fixture';

/**
 * Real file systems that fail: a 64 KiB tmpfs (ENOSPC part-way through an export) and a read-only
 * one (EROFS). As root, chmod cannot make a folder unwritable, so the kernel has to.
 */
function tryMount(dir: string, opts: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const base = mkdtempSync(path.join(os.tmpdir(), 'ecg-dest-'));
const full = path.join(base, 'full');
const ro = path.join(base, 'ro');
mkdirSync(full);
mkdirSync(ro);
const mounted = tryMount(full, 'size=64k') && tryMount(ro, 'ro,size=64k');
if (!mounted)
  console.warn('[skip] cannot mount a tmpfs here (needs root): full and read-only destination tests skipped');

describe.skipIf(!mounted)('export into a full or read-only destination', () => {
  let store: ReviewStore;
  beforeAll(() => {
    const scans = path.join(base, 'scans');
    mkdirSync(scans);
    store = openReviewStore(path.join(base, 'set.ecgreview'), { create: true });
    // ~200 beats: the WFDB export of their leads is far larger than 64 KiB.
    const set = fillSyntheticReviewSet(store, { images: 4, leadsPerImage: 2, beatsPerLead: 25, folder: scans });
    const ids = [...set.truth.keys()];
    store.setLabel({ name: 'alice', role: 'reviewer' }, ids, 'N');
  });
  afterAll(() => {
    store?.close();
    for (const d of [full, ro]) {
      try {
        execFileSync('umount', [d], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('fails with a clear error on a full disk and leaves nothing behind', async () => {
    const out = path.join(full, 'export');
    const err = (await exportReviewSet(store, { format: 'wfdb', outDir: out }).catch((e: unknown) => e)) as Error & {
      code?: string;
    };
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('E_IO');
    expect(err.message).toMatch(/destination disk is full \(ENOSPC\); nothing was written/);
    expect(readdirSync(full)).toEqual([]);
  });

  it('fails with a clear error on a read-only file system and writes nothing', async () => {
    const err = (await exportReviewSet(store, { format: 'csv', outDir: path.join(ro, 'export') }).catch(
      (e: unknown) => e,
    )) as Error & { code?: string };
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('E_IO');
    expect(err.message).toMatch(/read-only file system \(EROFS\)/);
    expect(readdirSync(ro)).toEqual([]);
  });
});
