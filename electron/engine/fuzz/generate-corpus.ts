import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../util/atomic-write';
import { getLogger } from '../util/log';
import type { CorpusContext } from './corpus-context';
import {
  addBitFlips,
  addDuplicates,
  addHeaderTruncated,
  addSeeds,
  addTruncated,
  addWrongExtensions,
} from './add-image-cases';
import { addBombs, addEmptyFiles, addNonImages } from './add-hostile-cases';
import { addSymlinks, addUnreadable } from './add-filesystem-cases';
import { addOddNames } from './add-name-cases';
import { FUZZ_MANIFEST_NAME, type FuzzManifest } from './fuzz-manifest';
import { createRng } from './prng';
import { FUZZ_HUGE_FOLDER_FILES, FUZZ_HUGE_SIDE, getHugeFileName, writeHugeFolder } from './write-huge-folder';

const log = getLogger('fuzz');

export const FUZZ_DEFAULT_COUNT = 200;
export const FUZZ_DEFAULT_SEED = 1;
/** One of each special case: header cuts 5, empty 3, bombs 7, non-images 7, links 4, unreadable 6, names 15, manifest 1. */
export const FUZZ_FIXED_ENTRIES = 48;
export const FUZZ_MIN_SEEDS = 5;
export const FUZZ_MIN_COUNT = FUZZ_FIXED_ENTRIES + FUZZ_MIN_SEEDS;

export interface FuzzCorpusOptions {
  out: string;
  /** Manifest entries to produce (files, links and folders), at least FUZZ_MIN_COUNT. */
  count?: number;
  seed?: number;
  /** Also write a folder of 100,000 tiny distinct PNGs (or this many). */
  hugeFolder?: boolean | number;
  /** Files in flight while writing the huge folder. */
  concurrency?: number;
  onProgress?: (message: string) => void;
}

/** How the entries beyond the fixed special cases are shared among the mutation kinds. */
export function computeFuzzPlan(count: number) {
  const rest = Math.max(0, count - FUZZ_FIXED_ENTRIES);
  const seeds = Math.max(FUZZ_MIN_SEEDS, Math.round(rest * 0.2));
  const left = Math.max(0, rest - seeds);
  const wrongExtensions = Math.floor(left * 0.125);
  const truncated = Math.floor(left * 0.3125);
  const bitFlips = Math.floor(left * 0.3125);
  return { seeds, wrongExtensions, truncated, bitFlips, duplicates: left - wrongExtensions - truncated - bitFlips };
}

async function ensureEmptyFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = await readdir(dir);
  if (names.length)
    throw Object.assign(new Error(`output folder is not empty: ${dir} (the corpus must match its manifest)`), {
      code: 'E_NOT_EMPTY',
    });
}

/**
 * Write a deterministic corpus of good, damaged and hostile files plus `manifest.json` saying what
 * the scan must make of each. The same seed and count give the same bytes (with the same sharp).
 */
export async function generateFuzzCorpus(opts: FuzzCorpusOptions): Promise<FuzzManifest> {
  const root = path.resolve(opts.out);
  const count = Math.max(opts.count ?? FUZZ_DEFAULT_COUNT, FUZZ_MIN_COUNT);
  const seed = opts.seed ?? FUZZ_DEFAULT_SEED;
  const say = opts.onProgress ?? ((m: string) => log.info(m));
  await ensureEmptyFolder(root);
  const ctx: CorpusContext = { root, entries: [], runningAsRoot: process.getuid?.() === 0 };
  const rng = createRng(seed);
  const plan = computeFuzzPlan(count);
  const notes: string[] = [
    'Expectations are for the scan (electron/engine/scan); entries with refusedBy "decode" may pass the scan and must be refused when decoded.',
    'JPEG and WebP cannot declare 100,000 pixels a side (libjpeg reads at most 65,500, WebP bitstreams 16,383): their bombs declare the largest size the reader accepts.',
  ];

  say(`seeds: ${plan.seeds}`);
  const seeds = await addSeeds(ctx, rng.fork('seeds'), plan.seeds);
  say('mutations');
  await addWrongExtensions(ctx, rng.fork('wrong-extension'), plan.wrongExtensions);
  await addTruncated(ctx, rng.fork('truncated'), seeds, plan.truncated);
  await addHeaderTruncated(ctx, rng.fork('truncated-header'), seeds);
  await addBitFlips(ctx, rng.fork('bit-flip'), seeds, plan.bitFlips);
  await addDuplicates(ctx, rng.fork('duplicate'), seeds, plan.duplicates);
  say('hostile files');
  await addEmptyFiles(ctx);
  await addBombs(ctx);
  await addNonImages(ctx, rng.fork('non-image'));
  say('links, unreadable files, odd names');
  await addSymlinks(ctx, seeds[0]!.path);
  notes.push(...(await addUnreadable(ctx, rng.fork('unreadable'))));
  await addOddNames(ctx, rng.fork('names'));
  ctx.entries.push({
    path: FUZZ_MANIFEST_NAME,
    kind: 'manifest',
    expect: 'refused:not-an-image',
    detail: 'this manifest (JSON text)',
  });

  const manifest: FuzzManifest = {
    schema: 1,
    generator: 'ecg-review fuzz',
    seed,
    count,
    encoders: { ...sharp.versions },
    runningAsRoot: ctx.runningAsRoot,
    notes,
    files: ctx.entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  if (opts.hugeFolder) {
    const files = typeof opts.hugeFolder === 'number' ? opts.hugeFolder : FUZZ_HUGE_FOLDER_FILES;
    say(`huge folder: ${files} files`);
    await writeHugeFolder(path.join(root, 'huge'), files, opts.concurrency ?? 64, (n) =>
      say(`huge folder: ${n}/${files}`),
    );
    manifest.hugeFolder = {
      dir: 'huge',
      files,
      namePattern: `${getHugeFileName(0)} … ${getHugeFileName(files - 1)}`,
      expect: 'image-ok',
      format: 'png',
      width: FUZZ_HUGE_SIDE,
      height: FUZZ_HUGE_SIDE,
    };
  }
  await writeFileAtomic(path.join(root, FUZZ_MANIFEST_NAME), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
