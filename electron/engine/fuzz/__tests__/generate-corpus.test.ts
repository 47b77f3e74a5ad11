import { createHash } from 'node:crypto';
import { chmod, lstat, mkdtemp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_KINDS } from '../fuzz-manifest';
import { FUZZ_MIN_COUNT, generateFuzzCorpus } from '../generate-corpus';
import { removeFuzzCorpus } from '../remove-corpus';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'ecg-fuzz-unit-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await removeFuzzCorpus(d);
});

/** sha256 of every regular file's bytes and every link's target, by relative path (names read as raw bytes). */
async function fingerprint(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function visit(dir: Buffer, rel: string) {
    await chmod(dir, 0o755);
    for (const name of (await readdir(dir, { encoding: 'buffer' })).sort(Buffer.compare)) {
      const p = Buffer.concat([dir, Buffer.from(path.sep), name]);
      const key = `${rel}/${name.toString('hex')}`;
      const st = await lstat(p);
      if (st.isSymbolicLink()) out[key] = `link:${await readlink(p)}`;
      else if (st.isDirectory()) await visit(p, key);
      else if (st.isFile() && name.toString() !== 'manifest.json')
        out[key] = createHash('sha256')
          .update(await readFile(p))
          .digest('hex');
      else if (!st.isFile()) out[key] = 'special';
    }
  }
  await visit(Buffer.from(root), '');
  return out;
}

describe('generateFuzzCorpus', () => {
  it('writes the same bytes for the same seed and other bytes for another', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    await generateFuzzCorpus({ out: a, count: 70, seed: 11, onProgress: () => {} });
    await generateFuzzCorpus({ out: b, count: 70, seed: 11, onProgress: () => {} });
    await generateFuzzCorpus({ out: c, count: 70, seed: 12, onProgress: () => {} });
    const fa = await fingerprint(a);
    expect(Object.keys(fa).length).toBeGreaterThan(60);
    expect(await fingerprint(b)).toEqual(fa);
    const fc = await fingerprint(c);
    const same = Object.keys(fa).filter((k) => fa[k] === fc[k] && !fa[k]!.startsWith('link:') && fa[k] !== 'special');
    // Only the fixed files (empty files, bombs, the PDF and GIF) are alike across seeds.
    expect(same.length).toBeLessThan(20);
  });

  it('lists exactly `count` entries, each present on disk, and covers every kind', async () => {
    const root = await tempDir();
    const m = await generateFuzzCorpus({ out: root, count: 120, seed: 5, onProgress: () => {} });
    expect(m.files).toHaveLength(120);
    expect(new Set(m.files.map((f) => f.path)).size).toBe(120);
    for (const f of m.files) {
      const p = f.rawNameHex
        ? Buffer.concat([
            Buffer.from(path.join(root, path.dirname(f.path)) + path.sep),
            Buffer.from(f.rawNameHex, 'hex'),
          ])
        : path.join(root, f.path);
      await expect(lstat(p), f.path).resolves.toBeDefined();
    }
    expect(new Set(m.files.map((f) => f.kind))).toEqual(new Set(FUZZ_KINDS));
    const onDisk = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8'));
    expect(onDisk.files).toHaveLength(120);
    const long = m.files.filter((f) => f.kind === 'long-name').map((f) => Buffer.byteLength(path.basename(f.path)));
    expect(Math.max(...long)).toBeGreaterThanOrEqual(250);
    expect(Math.max(...long)).toBeLessThanOrEqual(255);
  });

  it('writes at least the fixed set, and refuses a folder that is not empty', async () => {
    const root = await tempDir();
    const m = await generateFuzzCorpus({ out: root, count: 1, onProgress: () => {} });
    expect(m.files.length).toBe(FUZZ_MIN_COUNT);
    const other = await tempDir();
    await writeFile(path.join(other, 'keep.txt'), 'x');
    await expect(generateFuzzCorpus({ out: other, onProgress: () => {} })).rejects.toMatchObject({
      code: 'E_NOT_EMPTY',
    });
  });
});
