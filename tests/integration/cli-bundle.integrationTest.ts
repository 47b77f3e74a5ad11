import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script without types
import { computeSourceKey, ensureCliBundle } from '../../build/build-cli.js';
import { findPackageRoot } from '../../electron/engine/util/package-root';
import { openReviewStore } from '../../electron/engine/store/review-store';
import { expectSameOutcome, readOutcome } from '../support/review-set-outcome';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { renderSynthFolder } from '../support/synth-folder';
import { REPO_ROOT, SHIPPED_MANIFEST } from '../support/test-model';

const execFileAsync = promisify(execFile);
const sourceKey = computeSourceKey as (root: string) => string;

describe('CLI bundle', () => {
  let fake: string;
  beforeAll(() => {
    fake = mkdtempSync(path.join(os.tmpdir(), 'ecg-cli-key-'));
    mkdirSync(path.join(fake, 'electron', 'engine', '__tests__'), { recursive: true });
    mkdirSync(path.join(fake, 'common'), { recursive: true });
    writeFileSync(path.join(fake, 'package.json'), '{"name":"ecg-review-desk"}');
    writeFileSync(path.join(fake, 'electron', 'engine', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(fake, 'electron', 'engine', '__tests__', 'a.test.ts'), '\n');
    writeFileSync(path.join(fake, 'common', 'b.ts'), 'export const b = 1;\n');
  });
  afterAll(() => rmSync(fake, { recursive: true, force: true }));

  it('is rebuilt when a source changes, not when a test does', () => {
    const k0 = sourceKey(fake);
    expect(sourceKey(fake)).toBe(k0);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(fake, 'electron', 'engine', '__tests__', 'a.test.ts'), later, later);
    expect(sourceKey(fake)).toBe(k0);
    utimesSync(path.join(fake, 'common', 'b.ts'), later, later);
    const k1 = sourceKey(fake);
    expect(k1).not.toBe(k0);
    writeFileSync(path.join(fake, 'electron', 'engine', 'c.ts'), '\n');
    expect(sourceKey(fake)).not.toBe(k1);
  });

  it('finds the app root from the bundle as from the sources', async () => {
    const entry = (await ensureCliBundle()) as string;
    expect(path.dirname(path.dirname(path.dirname(entry)))).toBe(path.join(REPO_ROOT, 'dist'));
    expect(findPackageRoot(path.dirname(entry))).toBe(REPO_ROOT);
    expect(findPackageRoot()).toBe(REPO_ROOT);
    expect(() => findPackageRoot(fake + '/../')).toThrow(/no ecg-review-desk package.json above/);
  });

  describe.skipIf(!hasSharedData(MITDB_DIR))('batch through the bundle and through tsx', () => {
    let work: string;
    beforeAll(async () => {
      work = mkdtempSync(path.join(os.tmpdir(), 'ecg-cli-bundle-'));
      await renderSynthFolder(path.join(work, 'in'), [
        { kind: 'beat', count: 12, records: ['119', '208'] },
        { kind: 'strip', count: 1, records: ['209'] },
      ]);
    }, 120_000);
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('gives the same review set (workers included)', async () => {
      const outcomes = [];
      for (const tsx of ['0', '1']) {
        const out = path.join(work, `tsx${tsx}.ecgreview`);
        const { stdout, stderr } = await execFileAsync(
          process.execPath,
          ['bin/ecg-review.js', 'batch', path.join(work, 'in'), '--out', out, '--model', SHIPPED_MANIFEST, '--json'],
          { cwd: REPO_ROOT, env: { ...process.env, ECG_CLI_TSX: tsx, ECG_DEBUG: '1' }, maxBuffer: 64 << 20 },
        );
        expect(stderr).not.toMatch(/cli bundle unavailable/);
        expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({ state: 'done', files: { total: 13 } });
        const store = openReviewStore(out);
        try {
          outcomes.push(readOutcome(store));
        } finally {
          store.close();
        }
      }
      expect(outcomes[0]!.beats.length).toBeGreaterThan(12);
      expectSameOutcome(outcomes[0]!, outcomes[1]!);
    }, 180_000);
  });
});
