import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../common/schemas/errors';
import { hashFile } from '../util/hash';

/**
 * A manifest's model file, resolved against the manifest's folder and refused (E_MODEL_INVALID,
 * naming the file) when it lies outside that folder, is missing, or its bytes do not hash to the
 * sha256 the manifest declares. Returns the absolute path and the sha256.
 */
export async function verifyModelFile(
  dir: string,
  file: string,
  sha256: string,
  what = 'model file',
): Promise<{ path: string; sha256: string }> {
  const refuse = (subject: string, problem: string): never => {
    throw new AppError('E_MODEL_INVALID', `${subject}: ${problem}`, [problem]);
  };
  const abs = path.resolve(dir, file);
  if (path.relative(dir, abs).startsWith('..')) refuse(`${what} ${file}`, 'lies outside the manifest folder');
  if (!(await stat(abs).catch(() => null))?.isFile()) refuse(`${what} ${abs}`, 'is missing');
  const sha = await hashFile(abs);
  if (sha !== sha256)
    refuse(`${what} ${abs}`, `sha256 ${sha} does not match the manifest's ${sha256} (corrupt or replaced)`);
  return { path: abs, sha256: sha };
}
