import type { ImageFormat } from '../../../common/schemas/image';
import { type CorpusContext, describeImageOk, type EncodedImage, makeEcgImage, writeEntry } from './corpus-context';
import { FUZZ_EXTENSIONS } from './encode-seed';
import { flipBits, getBodyCutRange, getHeaderCutRange, getTiffIfdOffset, truncateBytes } from './mutate-bytes';
import type { Rng } from './prng';

export const FUZZ_FORMATS: readonly ImageFormat[] = ['png', 'jpeg', 'tiff', 'bmp', 'webp'];

export interface SeedImage extends EncodedImage {
  path: string;
}

/** Valid images, cycling through the formats so each appears. '00-' sorts first: originals are met before copies. */
export async function addSeeds(ctx: CorpusContext, rng: Rng, n: number): Promise<SeedImage[]> {
  const seeds: SeedImage[] = [];
  for (let i = 0; i < n; i++) {
    const format = FUZZ_FORMATS[i % FUZZ_FORMATS.length]!;
    const img = await makeEcgImage(rng, format);
    const rel = `00-seeds/seed-${String(i).padStart(3, '0')}.${FUZZ_EXTENSIONS[format]}`;
    await writeEntry(ctx, rel, img.bytes, { kind: 'seed', ...describeImageOk(img) });
    seeds.push({ ...img, path: rel });
  }
  return seeds;
}

/** Good images whose extension names another format (or none we know): recognised by bytes. */
export async function addWrongExtensions(ctx: CorpusContext, rng: Rng, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const format = rng.pick(FUZZ_FORMATS);
    const ext = rng.pick([
      ...Object.values(FUZZ_EXTENSIONS).filter((e) => e !== FUZZ_EXTENSIONS[format]),
      'txt',
      'dat',
      'pdf',
    ]);
    const img = await makeEcgImage(rng, format);
    await writeEntry(ctx, `10-wrong-extension/${format}-as-${ext}-${i}.${ext}`, img.bytes, {
      kind: 'wrong-extension',
      ...describeImageOk(img),
    });
  }
}

/**
 * Files cut short. The scan refuses a cut PNG, JPEG, BMP or WebP as truncated; a TIFF cut before
 * its IFD has lost its header (refused, as corrupt or truncated); one whose IFD comes first is left
 * for decoding to refuse (the scan checks TIFF strips only when decoding).
 */
export async function addTruncated(
  ctx: CorpusContext,
  rng: Rng,
  seeds: readonly SeedImage[],
  n: number,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    const s = rng.pick(seeds);
    const { bytes, cut } = truncateBytes(s.bytes, rng, getBodyCutRange(s.format, s.bytes));
    const tiff = s.format === 'tiff';
    const headerLost = tiff && cut <= getTiffIfdOffset(s.bytes);
    await writeEntry(ctx, `20-truncated/cut-${i}-${s.format}.${FUZZ_EXTENSIONS[s.format]}`, bytes, {
      kind: 'truncated',
      expect: tiff ? 'any-refused' : 'refused:truncated',
      ...(tiff && !headerLost ? { refusedBy: 'decode' as const } : {}),
      format: s.format,
      derivedFrom: s.path,
      detail: `cut after ${cut} of ${s.bytes.length} bytes${headerLost ? ' (before the TIFF IFD)' : ''}`,
    });
  }
}

/** One per format, cut inside the signature or the header: refused, the code depends on the cut. */
export async function addHeaderTruncated(ctx: CorpusContext, rng: Rng, seeds: readonly SeedImage[]): Promise<void> {
  for (const format of FUZZ_FORMATS) {
    const s = seeds.find((x) => x.format === format);
    if (!s) continue;
    const { bytes, cut } = truncateBytes(s.bytes, rng, getHeaderCutRange(format, s.bytes));
    await writeEntry(ctx, `21-truncated-header/head-${format}.${FUZZ_EXTENSIONS[format]}`, bytes, {
      kind: 'truncated-header',
      expect: 'any-refused',
      format,
      derivedFrom: s.path,
      detail: `cut after ${cut} of ${s.bytes.length} bytes`,
    });
  }
}

/** k random bits flipped: the file may still decode, or break anywhere: any single outcome, no crash. */
export async function addBitFlips(ctx: CorpusContext, rng: Rng, seeds: readonly SeedImage[], n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const s = rng.pick(seeds);
    const { bytes, bits } = flipBits(s.bytes, rng, rng.int(1, 16));
    await writeEntry(ctx, `30-bit-flip/flip-${i}-${s.format}.${FUZZ_EXTENSIONS[s.format]}`, bytes, {
      kind: 'bit-flip',
      expect: 'any',
      format: s.format,
      derivedFrom: s.path,
      detail: `${bits.length} bits flipped at ${bits.join(',')}`,
    });
  }
}

/** Byte-identical copies under other names (and sometimes other extensions). */
export async function addDuplicates(
  ctx: CorpusContext,
  rng: Rng,
  seeds: readonly SeedImage[],
  n: number,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    const s = rng.pick(seeds);
    const base = s.path.split('/').pop()!;
    const name = rng.pick([
      `copy ${i} of ${base}`,
      `${i}-${base.replace(/\.\w+$/, '')}.${rng.pick(['png', 'jpg', 'bak', 'tif'])}`,
      `renamed-${i}`,
    ]);
    await writeEntry(ctx, `50-duplicates/${name}`, s.bytes, {
      kind: 'duplicate',
      expect: 'duplicate',
      format: s.format,
      duplicateOf: s.path,
    });
  }
}
