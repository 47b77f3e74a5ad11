import sharp from 'sharp';
import { type CorpusContext, writeEntry } from './corpus-context';
import { FUZZ_BOMB_SIDE, makeBmpBomb, makeJpegBomb, makePngBomb, makeTiffBomb, makeWebpBomb } from './make-bombs';
import { makeMinimalPdf, makeRandomBinary, makeTextFile, makeTinyGif, makeZip } from './make-non-images';
import type { Rng } from './prng';

export async function addEmptyFiles(ctx: CorpusContext): Promise<void> {
  for (const name of ['empty.png', 'empty.jpg', 'empty.bmp']) {
    await writeEntry(ctx, `40-empty/${name}`, new Uint8Array(0), { kind: 'empty', expect: 'refused:empty-file' });
  }
}

/**
 * Headers that declare far more pixels than the app will decode. JPEG (65,500 a side in libjpeg)
 * and WebP (16,383) cannot declare 100,000; a second file of each declares more than its reader
 * accepts, which that reader refuses as a corrupt header rather than a size.
 */
export async function addBombs(ctx: CorpusContext): Promise<void> {
  const small = sharp({ create: { width: 64, height: 48, channels: 3, background: '#ffffff' } });
  const jpeg = new Uint8Array(await small.clone().jpeg().toBuffer());
  const webp = new Uint8Array(await small.clone().webp({ lossless: true }).toBuffer());
  const side = `${FUZZ_BOMB_SIDE}x${FUZZ_BOMB_SIDE}`;
  const bombs: [
    name: string,
    bytes: Uint8Array,
    format: 'png' | 'bmp' | 'jpeg' | 'tiff' | 'webp',
    specific: boolean,
  ][] = [
    [`bomb-${side}.png`, makePngBomb(), 'png', true],
    [`bomb-${side}.bmp`, makeBmpBomb(), 'bmp', true],
    [`bomb-${side}.tif`, makeTiffBomb(), 'tiff', true],
    ['bomb-65500x65500.jpg', makeJpegBomb(jpeg), 'jpeg', true],
    ['bomb-16383x16383.webp', makeWebpBomb(webp), 'webp', true],
    ['bomb-65535x65535.jpg', makeJpegBomb(jpeg, 65_535), 'jpeg', false],
    [`bomb-vp8x-${side}.webp`, makeWebpBomb(webp, FUZZ_BOMB_SIDE), 'webp', false],
  ];
  for (const [name, bytes, format, specific] of bombs) {
    await writeEntry(ctx, `60-bombs/${name}`, bytes, {
      kind: 'bomb',
      expect: specific ? 'refused:too-large' : 'any-refused',
      format,
      detail: specific
        ? 'header declares more pixels than the limit'
        : 'beyond what the format reader accepts: refused as a corrupt header',
    });
  }
}

export async function addNonImages(ctx: CorpusContext, rng: Rng): Promise<void> {
  const text = makeTextFile(rng);
  const files: [string, Uint8Array][] = [
    ['scan-report.pdf', makeMinimalPdf()],
    ['measurements.csv', text],
    ['measurements-renamed.png', makeTextFile(rng)],
    ['random.bin', makeRandomBinary(rng, rng.int(100, 5000))],
    ['random-renamed.jpg', makeRandomBinary(rng, rng.int(100, 5000))],
    ['archive.zip', makeZip('measurements.csv', text)],
    ['animation.gif', makeTinyGif()],
  ];
  for (const [name, bytes] of files) {
    await writeEntry(ctx, `70-non-images/${name}`, bytes, { kind: 'non-image', expect: 'refused:not-an-image' });
  }
}
