import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../common/schemas/errors';
import { getLogger } from '../util/log';

const log = getLogger('export');

/** A path with symlinks resolved as far as it exists, so `/data/link/out` is seen as inside `/data/real`. */
function resolveReal(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const parent = path.dirname(head);
    if (parent === head) return abs;
    tail.unshift(path.basename(head));
    head = parent;
  }
  return path.join(realpathSync(head), ...tail);
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Refuse an export folder that is, or lies inside, a folder holding source images (exports must never
 * mix with originals), or that contains sources or the review set itself (--force would replace them).
 */
export function checkExportTarget(
  outDir: string,
  sourceFolders: readonly string[],
  protectedFiles: readonly string[],
): string {
  const out = resolveReal(outDir);
  for (const src of sourceFolders) {
    const s = resolveReal(src);
    if (isInside(out, s)) {
      throw new AppError(
        'E_EXPORT_INTO_SOURCE',
        `refusing to export into ${outDir}: it is inside the source folder ${src}`,
      );
    }
    if (isInside(s, out)) {
      throw new AppError(
        'E_EXPORT_INTO_SOURCE',
        `refusing to export into ${outDir}: it contains the source folder ${src}`,
      );
    }
  }
  for (const f of protectedFiles) {
    if (isInside(resolveReal(f), out)) {
      throw new AppError('E_EXPORT_INTO_SOURCE', `refusing to export into ${outDir}: it contains the review set ${f}`);
    }
  }
  return out;
}

async function isEmptyDir(p: string): Promise<boolean> {
  const st = await stat(p);
  return st.isDirectory() && (await readdir(p)).length === 0;
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => null);
  if (!fh) return;
  await fh.sync().catch(() => {});
  await fh.close();
}

/**
 * Write an export folder atomically: `fill` writes into a hidden staging folder beside the target,
 * which is renamed into place only when everything is written. An existing non-empty target is
 * refused without `force`; with it, the old folder is swapped out and removed after the rename.
 * On any failure the staging folder is deleted and the target is left as it was.
 */
export async function writeFolderAtomic(
  outDir: string,
  force: boolean,
  fill: (staging: string) => Promise<void>,
): Promise<void> {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const exists = existsSync(target);
  if (exists && !force && !(await isEmptyDir(target))) {
    throw new AppError('E_EXPORT_EXISTS', `${outDir} exists and is not empty; pass --force to replace it`);
  }
  await mkdir(parent, { recursive: true });
  const tag = randomBytes(6).toString('hex');
  const staging = path.join(parent, `.${path.basename(target)}.export-${tag}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${tag}`);
  await mkdir(staging);
  try {
    await fill(staging);
    await syncDir(staging);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  let movedOld = false;
  try {
    if (existsSync(target)) {
      await rename(target, old);
      movedOld = true;
    }
    await rename(staging, target);
  } catch (err) {
    if (movedOld && !existsSync(target)) await rename(old, target).catch(() => {});
    await rm(staging, { recursive: true, force: true });
    throw new AppError('E_IO', `cannot move the export into ${outDir}: ${(err as Error).message}`);
  }
  await syncDir(parent);
  if (movedOld)
    await rm(old, { recursive: true, force: true }).catch((e) =>
      log.warn(`could not remove the replaced export ${old}`, e),
    );
}
