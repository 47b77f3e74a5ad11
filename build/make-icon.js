#!/usr/bin/env node
// Renders assets/icons/icon.svg to the 512×512 PNG electron-builder turns into .ico/.icns/.png sets.
import path from 'node:path';
import sharp from 'sharp';

const ICONS = path.resolve(import.meta.dirname, '..', 'assets', 'icons');
export const ECG_ICON_SIZE = 512;

export async function makeIcon() {
  const out = path.join(ICONS, 'icon.png');
  await sharp(path.join(ICONS, 'icon.svg'), { density: 144 })
    .resize(ECG_ICON_SIZE, ECG_ICON_SIZE)
    .png({ compressionLevel: 9 })
    .toFile(out);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.stdout.write(`wrote ${await makeIcon()}\n`);
}
