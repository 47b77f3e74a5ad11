import { z } from 'zod';
import { Sha256 } from './primitives';

export const IMAGE_FORMATS = ['png', 'jpeg', 'bmp', 'tiff', 'webp'] as const;
export const ImageFormat = z.enum(IMAGE_FORMATS);
export type ImageFormat = z.infer<typeof ImageFormat>;

export const IMAGE_KINDS = ['beat', 'strip', 'sheet'] as const;
export const ImageKind = z.enum(IMAGE_KINDS);
export type ImageKind = z.infer<typeof ImageKind>;

/** Every file ends in one of these; failure is data, never a crash. */
export const FileStatus = z.enum(['pending', 'ok', 'partial', 'refused']);
export type FileStatus = z.infer<typeof FileStatus>;

/** Why a file was refused; one code per distinct cause so the UI and tests can tell them apart. */
export const REFUSAL_CODES = [
  'empty-file',
  'not-an-image',
  'truncated',
  'corrupt',
  'too-large',
  'too-small',
  'unreadable',
  'symlink-loop',
  'not-an-ecg',
  'no-trace',
  'duplicate',
] as const;
export const RefusalCode = z.enum(REFUSAL_CODES);
export type RefusalCode = z.infer<typeof RefusalCode>;

export const FileReason = z.object({ code: z.string(), message: z.string() });
export type FileReason = z.infer<typeof FileReason>;

/** A source image is known by the sha256 of its bytes, never by its path. */
export const SourceImage = z.object({
  sha256: Sha256,
  path: z.string(),
  format: ImageFormat,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  dpi: z.number().positive().optional(),
  kind: ImageKind.optional(),
  status: FileStatus,
  reasons: z.array(FileReason),
});
export type SourceImage = z.infer<typeof SourceImage>;

/** A file the scan could not accept, with its own reason. */
export const RefusedFile = z.object({
  path: z.string(),
  code: z.union([RefusalCode, z.literal('duplicate')]),
  message: z.string(),
});
export type RefusedFile = z.infer<typeof RefusedFile>;
