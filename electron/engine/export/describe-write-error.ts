import { AppError } from '../../../common/schemas/errors';

const REASONS: Record<string, string> = {
  ENOSPC: 'the destination disk is full',
  EDQUOT: 'the disk quota of the destination is used up',
  EROFS: 'the destination is on a read-only file system',
  EACCES: 'there is no permission to write there',
  EPERM: 'there is no permission to write there',
  ENOTDIR: 'a part of the destination path is a file, not a folder',
  ENAMETOOLONG: 'the destination path is too long',
  EIO: 'the destination device reported an I/O error',
};

/** A file-system failure while exporting, as words a reviewer can act on (AppErrors pass through). */
export function describeWriteError(err: unknown, outDir: string): unknown {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const reason = code ? REASONS[code] : undefined;
  if (!reason) return err;
  return new AppError(
    'E_IO',
    `export to ${outDir} failed: ${reason} (${code}); nothing was written and the review set is unchanged`,
  );
}
