import sharp from 'sharp';
import { digitizeImage } from '/work/main/electron/engine/digitize/index';
const f = '/work/shared/data/ecg12/normal/Normal(100).jpg';
for (const [name, [x0, y0, x1, y1]] of [['I', [150, 315, 645, 615]], ['V6', [1628, 915, 2120, 1215]], ['rhythm', [150, 1215, 2120, 1515]], ['V2', [1137, 615, 1628, 915]]] as const) {
  const white = await sharp({ create: { width: x1 - x0 - 8, height: y1 - y0 - 10, channels: 3, background: '#ffffff' } }).png().toBuffer();
  const bytes = await sharp(f).composite([{ input: white, left: x0 + 4, top: y0 + 5 }]).jpeg({ quality: 92 }).toBuffer();
  const r = await digitizeImage(bytes);
  console.log(name, r.status, r.checks?.panelsFound, JSON.stringify(r.checks?.missingPanels), r.reasons.map((x) => x.code + ': ' + x.message).join(' | ').slice(0, 300));
}
