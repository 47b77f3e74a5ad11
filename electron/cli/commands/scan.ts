import path from 'node:path';
import { collectScanReport, type ScanEvent, type ScanReport } from '../../engine/scan/scan-folder';
import type { CliCommand } from '../command';
import { createProgressLine } from '../progress-bar';

function formatReport(r: ScanReport): string[] {
  const lines = [`Scanned ${r.root}`, `  files found:   ${r.files}`, `  images:        ${r.images.length}`];
  for (const [fmt, n] of Object.entries(r.byFormat).sort()) lines.push(`    ${fmt.padEnd(6)} ${n}`);
  if (r.images.length) {
    lines.push('  sizes:');
    for (const im of r.images) {
      lines.push(
        `    ${path.relative(r.root, im.path) || path.basename(im.path)}  ${im.format}  ${im.width}×${im.height}${im.dpi ? `  ${im.dpi} dpi` : ''}  ${(im.bytes / 1024).toFixed(0)} KiB`,
      );
    }
  }
  lines.push(`  duplicates:    ${r.duplicates.length}`);
  for (const d of r.duplicates) lines.push(`    ${d.path} = ${d.of}`);
  lines.push(`  refused:       ${r.refused.length}`);
  for (const f of r.refused) lines.push(`    ${f.path}: [${f.code}] ${f.message}`);
  return lines;
}

function toJsonLine(e: ScanEvent): string {
  return JSON.stringify(e.type === 'image' ? { type: 'image', ...e.image } : e);
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'Walk a folder, recognise ECG images by their bytes and report what was found or refused.',
  usage: 'scan <folder> [--json]',
  options: { json: { type: 'boolean', description: 'print JSON lines (default when stdout is not a terminal)' } },
  help: 'Formats: PNG, JPEG, BMP, TIFF, WebP (by content, not extension). Symlinks are followed; loops are reported.',
  async run({ values, positionals, io }) {
    const folder = positionals[0];
    if (!folder) {
      io.err('scan: a folder is required (ecg-review scan <folder>)');
      return 2;
    }
    const json = Boolean(values.json) || !io.isTTY;
    const progress = json ? null : createProgressLine((s) => process.stderr.write(s), 'scanning');
    const report = await collectScanReport(path.resolve(folder), (e, n) => {
      if (json) io.out(toJsonLine(e));
      else progress?.update(n, null, e.type === 'image' ? e.image.path : e.path);
    });
    progress?.end();
    if (json) {
      const { images, ...rest } = report;
      io.out(JSON.stringify({ type: 'summary', ...rest, images: images.length }));
    } else for (const l of formatReport(report)) io.out(l);
    return 0;
  },
};
