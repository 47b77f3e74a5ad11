import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeGrayPng } from './encode-png';
import { runWithConcurrency } from './run-pool';

export const FUZZ_HUGE_FOLDER_FILES = 100_000;
export const FUZZ_HUGE_SIDE = 16;

export function getHugeFileName(i: number): string {
  return `f${String(i).padStart(6, '0')}.png`;
}

/** A 16×16 gray PNG whose pixels encode `i`, so every file has its own bytes (no duplicates). */
export function makeHugeFolderPng(i: number): Uint8Array {
  const px = new Uint8Array(FUZZ_HUGE_SIDE * FUZZ_HUGE_SIDE).fill(255);
  for (let k = 0; k < 4; k++) px[k] = (i >>> (8 * k)) & 0xff;
  for (let y = 4; y < FUZZ_HUGE_SIDE; y++) px[y * FUZZ_HUGE_SIDE + ((i + y) % FUZZ_HUGE_SIDE)] = 0;
  return encodeGrayPng(FUZZ_HUGE_SIDE, FUZZ_HUGE_SIDE, px);
}

/** One folder holding `files` tiny distinct PNGs, written `concurrency` at a time. */
export async function writeHugeFolder(
  dir: string,
  files = FUZZ_HUGE_FOLDER_FILES,
  concurrency = 64,
  onProgress?: (done: number) => void,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  let done = 0;
  const indices = (function* () {
    for (let i = 0; i < files; i++) yield i;
  })();
  await runWithConcurrency(indices, concurrency, async (i) => {
    await writeFile(path.join(dir, getHugeFileName(i)), makeHugeFolderPng(i), { flag: 'wx' });
    if (++done % 5000 === 0) onProgress?.(done);
  });
}
