import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageGate } from '../image-gate';
import { getImageRoot, getImageUrl, parseImageUrl, resolveImagePath } from '../image-protocol';

const SHA = 'a'.repeat(64);
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');

describe('ecg-image:// URLs', () => {
  it('round-trip a sha256 and refuse anything that could carry a path', () => {
    expect(parseImageUrl(getImageUrl(SHA))).toBe(SHA);
    expect(parseImageUrl(`ecg-image://image/${SHA}?path=/etc/passwd`)).toBeNull();
    expect(parseImageUrl('ecg-image://image/../../etc/passwd')).toBeNull();
    expect(parseImageUrl(`ecg-image://other/${SHA}`)).toBeNull();
    expect(parseImageUrl(`ecg-image://image/${SHA.toUpperCase()}`)).toBeNull();
    expect(parseImageUrl(`app://image/${SHA}`)).toBeNull();
  });
});

describe('resolveImagePath on a real folder tree', () => {
  let base: string;
  let scans: string;
  let other: string;
  let root: string;

  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'ecg-imgproto-'));
    scans = path.join(base, 'scans');
    other = path.join(base, 'private');
    mkdirSync(path.join(scans, 'day1'), { recursive: true });
    mkdirSync(other);
    writeFileSync(path.join(scans, 'day1', 'strip.png'), PNG);
    writeFileSync(path.join(scans, 'notes.txt'), 'not an image');
    writeFileSync(path.join(other, 'secret.png'), PNG);
    symlinkSync(path.join(other, 'secret.png'), path.join(scans, 'escape.png'));
    symlinkSync(path.join(scans, 'day1', 'strip.png'), path.join(scans, 'alias.png'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('serves an image inside an opened folder', async () => {
    root = (await getImageRoot(scans))!;
    const r = await resolveImagePath(path.join(scans, 'day1', 'strip.png'), [root]);
    expect(r).toMatchObject({ ok: true, contentType: 'image/png' });
  });

  it('follows a symlink that stays inside the folder', async () => {
    expect(await resolveImagePath(path.join(scans, 'alias.png'), [root])).toMatchObject({ ok: true });
  });

  it('refuses a symlink that escapes the folder', async () => {
    expect(await resolveImagePath(path.join(scans, 'escape.png'), [root])).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a path that climbs out with ..', async () => {
    expect(await resolveImagePath(path.join(scans, '..', 'private', 'secret.png'), [root])).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await resolveImagePath(`${scans}/day1/../../private/secret.png`, [root])).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('refuses images in folders the reviewer did not open, relative paths and non-images', async () => {
    expect(await resolveImagePath(path.join(other, 'secret.png'), [root])).toMatchObject({ ok: false, status: 403 });
    expect(await resolveImagePath('day1/strip.png', [root])).toMatchObject({ ok: false, status: 403 });
    expect(await resolveImagePath(path.join(scans, 'notes.txt'), [root])).toMatchObject({ ok: false, status: 403 });
    expect(await resolveImagePath(path.join(scans, 'gone.png'), [root])).toMatchObject({ ok: false, status: 404 });
  });

  it('does not take a file as a folder the reviewer opened', async () => {
    expect(await getImageRoot(path.join(scans, 'day1', 'strip.png'))).toBeNull();
    expect(await getImageRoot('relative/folder')).toBeNull();
  });

  it('gate: serves by sha256 from the open set only, inside the opened folder', async () => {
    const listed = [
      { sha256: SHA, path: path.join(scans, 'day1', 'strip.png') },
      { sha256: 'b'.repeat(64), path: path.join(scans, 'escape.png') },
      { sha256: 'c'.repeat(64), path: path.join(other, 'secret.png') },
    ];
    let listings = 0;
    const gate = new ImageGate(async () => {
      listings++;
      return listed;
    });
    // Nothing opened yet: the image is known but no folder is servable.
    expect(await gate.resolve(SHA)).toMatchObject({ ok: false, status: 403 });
    await gate.openedFolder(scans);
    expect(await gate.resolve(SHA)).toMatchObject({ ok: true });
    expect(await gate.resolve('b'.repeat(64))).toMatchObject({ ok: false, status: 403 });
    expect(await gate.resolve('c'.repeat(64))).toMatchObject({ ok: false, status: 403 });
    expect(await gate.resolve('d'.repeat(64))).toMatchObject({ ok: false, status: 404 });
    expect(listings).toBeGreaterThan(0);
  });

  it('gate: opening a review set makes its own image folders servable, still without symlink escape', async () => {
    const gate = new ImageGate(async () => [
      { sha256: SHA, path: path.join(scans, 'day1', 'strip.png') },
      { sha256: 'b'.repeat(64), path: path.join(scans, 'escape.png') },
    ]);
    gate.openedReviewSet();
    expect(await gate.resolve(SHA)).toMatchObject({ ok: true });
    expect(await gate.resolve('b'.repeat(64))).toMatchObject({ ok: false, status: 403 });
    expect(gate.getRoots()).not.toContain(other);
  });
});
