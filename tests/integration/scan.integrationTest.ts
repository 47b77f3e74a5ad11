import { mkdtemp, readFile, rm, symlink, writeFile, mkdir, readdir, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectScanReport } from '../../electron/engine/scan/scan-folder';
import { hasSharedData, SCANS_DIR } from '../support/shared-data';

describe.skipIf(!hasSharedData(SCANS_DIR))('scan on the real scans', () => {
  it('recognises all 25 top-level images with the sizes their decoders report', async () => {
    const report = await collectScanReport(SCANS_DIR);
    const top = (await readdir(SCANS_DIR)).filter((n) => /\.(png|jpe?g|bmp)$/i.test(n));
    expect(top).toHaveLength(25);
    const seen = new Map<string, { width: number; height: number; format: string }>();
    for (const im of report.images) seen.set(im.path, im);
    // A byte-identical copy is recognised too, as a duplicate of its first path.
    for (const d of report.duplicates) seen.set(d.path, seen.get(d.of)!);
    for (const name of top) {
      const p = path.join(SCANS_DIR, name);
      const im = seen.get(p);
      expect(im, `${name} recognised`).toBeDefined();
      if (im!.format === 'bmp') {
        // Independent check: the decoded BMP's pixel array length matches width × height.
        const buf = await readFile(p);
        const bpp = buf.readUInt16LE(28);
        const rowBytes = Math.ceil((im!.width * bpp) / 32) * 4;
        expect(buf.length - buf.readUInt32LE(10)).toBeGreaterThanOrEqual(rowBytes * im!.height);
      } else {
        const { info } = await sharp(p).raw().toBuffer({ resolveWithObject: true });
        expect([im!.width, im!.height]).toEqual([info.width, info.height]);
      }
    }
    expect(report.refused.map((r) => path.basename(r.path))).toEqual(['LICENSE.ecg-image-kit']);
  });
});

describe('scan refuses bad files with their own reasons', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecg-scan-'));
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await writeFile(path.join(dir, 'good.png'), png);
    await writeFile(path.join(dir, 'notes.png'), 'this is a text file renamed to .png\n'.repeat(20));
    await writeFile(path.join(dir, 'empty.png'), '');
    await writeFile(path.join(dir, 'cut.png'), png.subarray(0, Math.floor(png.length / 2)));
    await writeFile(path.join(dir, 'really-a-png.jpg'), png);
    await writeFile(path.join(dir, 'doc.pdf'), '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
    await mkdir(path.join(dir, 'sub'));
    await symlink(dir, path.join(dir, 'sub', 'loop'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports each problem distinctly and keeps the good files', async () => {
    const r = await collectScanReport(dir);
    const byName = Object.fromEntries(r.refused.map((f) => [path.relative(dir, f.path), f]));
    expect(byName['notes.png']).toMatchObject({ code: 'not-an-image' });
    expect(byName['notes.png']!.message).toMatch(/text file/);
    expect(byName['empty.png']).toMatchObject({ code: 'empty-file' });
    expect(byName['cut.png']).toMatchObject({ code: 'truncated' });
    expect(byName['doc.pdf']!.message).toMatch(/PDF/);
    expect(byName['sub/loop']).toMatchObject({ code: 'symlink-loop' });
    expect(r.images.map((i) => path.basename(i.path)).sort()).toEqual(['good.png']);
    // The same bytes under a .jpg name are one image, recognised as PNG by content.
    expect(r.duplicates).toEqual([{ path: path.join(dir, 'really-a-png.jpg'), of: path.join(dir, 'good.png') }]);
    expect(r.images[0]).toMatchObject({ format: 'png', width: 64, height: 48 });
  });

  it('refuses a decompression bomb from its header alone', async () => {
    // A PNG header declaring 100,000 × 100,000 pixels with almost no data.
    const src = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const bomb = Buffer.from(src);
    bomb.writeUInt32BE(100_000, 16);
    bomb.writeUInt32BE(100_000, 20);
    const p = path.join(dir, 'bomb.png');
    await writeFile(p, bomb);
    const r = await collectScanReport(p);
    expect(r.refused[0]).toMatchObject({ code: 'too-large' });
    await rm(p);
  });

  it('keeps a scan in two folders as one image', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'ecg-scan2-'));
    await copyFile(path.join(dir, 'good.png'), path.join(other, 'renamed.png'));
    const r = await collectScanReport(other);
    const a = (await collectScanReport(dir)).images[0]!;
    expect(r.images[0]!.sha256).toBe(a.sha256);
    await rm(other, { recursive: true, force: true });
  });
});
