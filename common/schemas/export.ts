import { z } from 'zod';
import { Sha256, UserPath } from './primitives';

export const EXPORT_FORMATS = ['csv', 'wfdb', 'json'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);

export const ExportRequest = z.object({
  format: ExportFormat,
  outDir: UserPath,
  force: z.boolean().default(false),
  /** Training exports carry only beats with a final label unless asked. */
  includeUnlabelled: z.boolean().default(false),
});
export type ExportRequest = z.infer<typeof ExportRequest>;

export const ExportedFile = z.object({ path: z.string(), sha256: Sha256, bytes: z.number().int().nonnegative() });
export const ExportResult = z.object({
  outDir: z.string(),
  files: z.array(ExportedFile),
  beats: z.number().int().nonnegative(),
  /** Record-level (sheet) rows exported. */
  records: z.number().int().nonnegative().optional(),
});
export type ExportResult = z.infer<typeof ExportResult>;
