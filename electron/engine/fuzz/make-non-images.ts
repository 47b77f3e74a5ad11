import { computeCrc32 } from './crc32';
import type { Rng } from './prng';

/** A one-page PDF with a correct cross-reference table (what a scanner's "save as PDF" gives). */
export function makeMinimalPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

/** A text export such as a cart's measurement CSV. */
export function makeTextFile(rng: Rng): Uint8Array {
  const rows = ['patient,lead,hr_bpm,qrs_ms,qt_ms'];
  for (let i = 0, n = rng.int(5, 40); i < n; i++) {
    rows.push(
      `P${rng.int(1000, 9999)},${rng.pick(['I', 'II', 'III', 'aVR', 'V1', 'V5'])},${rng.int(45, 140)},${rng.int(70, 140)},${rng.int(340, 460)}`,
    );
  }
  return new Uint8Array(Buffer.from(rows.join('\n') + '\n', 'utf8'));
}

/** Random bytes; the first is 0, which no image signature starts with, so it is never an image by chance. */
export function makeRandomBinary(rng: Rng, size: number): Uint8Array {
  const b = rng.bytes(size);
  if (size > 0) b[0] = 0;
  return b;
}

/** A ZIP archive with one stored (uncompressed) entry, e.g. a zipped folder of scans. */
export function makeZip(name: string, content: Uint8Array): Uint8Array {
  const nameBytes = Buffer.from(name, 'utf8');
  const crc = computeCrc32(content);
  const local = new Uint8Array(30 + nameBytes.length + content.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true); // version needed
  lv.setUint16(6, 0x0800, true); // UTF-8 names
  lv.setUint32(14, crc, true);
  lv.setUint32(18, content.length, true);
  lv.setUint32(22, content.length, true);
  lv.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);
  local.set(content, 30 + nameBytes.length);
  const central = new Uint8Array(46 + nameBytes.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint16(8, 0x0800, true);
  cv.setUint32(16, crc, true);
  cv.setUint32(20, content.length, true);
  cv.setUint32(24, content.length, true);
  cv.setUint16(28, nameBytes.length, true);
  central.set(nameBytes, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length, true);
  return new Uint8Array(Buffer.concat([local, central, end]));
}

/** The smallest valid GIF (1×1): an image format the app does not read. */
export function makeTinyGif(): Uint8Array {
  return new Uint8Array(Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'));
}
