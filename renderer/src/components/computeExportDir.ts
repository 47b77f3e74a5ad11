import type { EXPORT_FORMATS } from '../../../common/schemas/export';

export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** A fresh folder beside the review set, named after it and the format: never inside the scans. */
export function computeExportDir(reviewSetPath: string | null | undefined, format: ExportFormatName): string {
  if (!reviewSetPath) return '';
  const stem = reviewSetPath.replace(/\.[A-Za-z0-9]+$/, '');
  return `${stem}-export-${format}`;
}
