import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ECG_IMAGE_HOST, ECG_IMAGE_SCHEME } from './constants';

const ECG_IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.webp': 'image/webp',
};

export function getImageUrl(sha256: string): string {
  return `${ECG_IMAGE_SCHEME}://${ECG_IMAGE_HOST}/${sha256}`;
}

/** The sha256 an ecg-image:// URL names, or null for anything else (no path ever comes from the URL). */
export function parseImageUrl(requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (
    url.protocol !== `${ECG_IMAGE_SCHEME}:` ||
    url.host !== ECG_IMAGE_HOST ||
    url.search ||
    url.username ||
    url.password
  )
    return null;
  const m = /^\/([0-9a-f]{64})$/.exec(url.pathname);
  return m ? m[1]! : null;
}

export type ImagePathResolution =
  { ok: true; path: string; contentType: string } | { ok: false; status: 403 | 404; reason: string };

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Decide whether a stored image path may be served: it must be an absolute path to an image file
 * whose real location (symlinks followed) lies inside one of `roots`, which are themselves real
 * paths. A path that climbs out with `..`, or a link that points out of the folder, is refused.
 */
export async function resolveImagePath(candidate: string, roots: Iterable<string>): Promise<ImagePathResolution> {
  if (!path.isAbsolute(candidate) || candidate.includes('\0'))
    return { ok: false, status: 403, reason: 'not an absolute path' };
  const contentType = ECG_IMAGE_TYPES[path.extname(candidate).toLowerCase()];
  if (!contentType) return { ok: false, status: 403, reason: `not an image file type: "${path.extname(candidate)}"` };
  const lexical = path.resolve(candidate);
  const rootList = [...roots];
  if (!rootList.some((r) => isInside(r, lexical)))
    return { ok: false, status: 403, reason: 'outside the folders the reviewer opened' };
  const real = await realpath(lexical).catch(() => null);
  if (!real) return { ok: false, status: 404, reason: 'file not found' };
  if (!rootList.some((r) => isInside(r, real)))
    return { ok: false, status: 403, reason: 'link resolves outside the folders the reviewer opened' };
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return { ok: false, status: 404, reason: 'not a regular file' };
  return { ok: true, path: real, contentType };
}

/** Real path of a folder the reviewer opened, or null if it is not a readable directory. */
export async function getImageRoot(folder: string): Promise<string | null> {
  if (!path.isAbsolute(folder) || folder.includes('\0')) return null;
  const real = await realpath(folder).catch(() => null);
  if (!real) return null;
  const info = await stat(real).catch(() => null);
  return info?.isDirectory() ? real : null;
}
