import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageFormat } from '../../../common/schemas/image';
import {
  type CorpusContext,
  describeImageOk,
  getAbsolutePath,
  makeEcgImage,
  recordEntry,
  writeEntry,
} from './corpus-context';
import { FUZZ_FORMATS } from './add-image-cases';
import { FUZZ_EXTENSIONS } from './encode-seed';
import type { Rng } from './prng';

/** Linux allows 255 bytes per file name. */
const NAME_MAX_BYTES = 255;

function fitName(stem: string, ext: string, maxBytes: number): string {
  let s = stem;
  while (Buffer.byteLength(`${s}.${ext}`) > maxBytes) s = Array.from(s).slice(0, -1).join('');
  return `${s}.${ext}`;
}

/** Good images under names that break naive code: spaces, scripts, emoji, normalisation twins, newlines, length. */
export async function addOddNames(ctx: CorpusContext, rng: Rng): Promise<void> {
  const dir = '90-names';
  // The two "café" names differ only in Unicode normalisation (NFC vs NFD): two files on Linux.
  const stems: [stem: string, kind: 'odd-name' | 'long-name', format?: ImageFormat][] = [
    ['ECG patient 01 (copy)', 'odd-name'],
    ['ЭКГ Иванов И.И', 'odd-name'],
    ['心電図 テスト', 'odd-name'],
    ['🫀 beat ✓', 'odd-name'],
    ['caf\u00e9', 'odd-name', 'png'],
    ['cafe\u0301', 'odd-name', 'png'],
    ['line\nbreak', 'odd-name'],
    ['-rf --help', 'odd-name'],
    [`it's "quoted" \\ back`, 'odd-name'],
    ['.hidden scan', 'odd-name'],
    ['a'.repeat(300), 'long-name'],
    ['Э'.repeat(200), 'long-name'],
    ['x🫀'.repeat(80), 'long-name'],
  ];
  for (const [stem, kind, fixed] of stems) {
    const format = fixed ?? rng.pick(FUZZ_FORMATS);
    const img = await makeEcgImage(rng, format);
    const name = fitName(stem, FUZZ_EXTENSIONS[format], NAME_MAX_BYTES);
    await writeEntry(ctx, `${dir}/${name}`, img.bytes, {
      kind,
      ...describeImageOk(img),
      detail: `${Buffer.byteLength(name)}-byte name`,
    });
  }
  // A path of ~2,000 bytes: ten nested folders with 200-byte names.
  const deep = Array.from({ length: 10 }, (_, i) => `${i}-${'d'.repeat(198)}`).join('/');
  const img = await makeEcgImage(rng, 'png');
  const e = await writeEntry(ctx, `${dir}/${deep}/deep.png`, img.bytes, { kind: 'deep-path', ...describeImageOk(img) });
  e.detail = `${Buffer.byteLength(getAbsolutePath(ctx, e.path))}-byte absolute path`;
  await addInvalidUtf8Name(ctx, rng, dir);
}

/**
 * A name that is not valid UTF-8 (legal on Linux, common on old archives in Latin-1). Node's
 * string paths decode it lossily, so the scan may not be able to open it; it must still report it.
 */
async function addInvalidUtf8Name(ctx: CorpusContext, rng: Rng, dir: string): Promise<void> {
  const raw = Buffer.concat([Buffer.from('latin1-'), Buffer.from([0xe9, 0xff]), Buffer.from('.png')]);
  const img = await makeEcgImage(rng, 'png');
  const folder = getAbsolutePath(ctx, dir);
  await mkdir(folder, { recursive: true });
  await writeFile(Buffer.concat([Buffer.from(folder + path.sep), raw]), img.bytes, { flag: 'wx' });
  recordEntry(ctx, `${dir}/${raw.toString('utf8')}`, {
    kind: 'invalid-utf8-name',
    expect: 'any',
    format: 'png',
    rawNameHex: raw.toString('hex'),
    detail: 'a good image; ideally read, but Node cannot name it with a string path',
  });
}
