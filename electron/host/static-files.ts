import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Resolve a URL path inside `root`, refusing anything that escapes it (.., encoded separators,
 * symlinks pointing out). Returns null when the request must be refused.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rootReal = await realpath(root).catch(() => null);
  if (!rootReal) return null;
  const candidate = path.resolve(rootReal, '.' + path.posix.normalize('/' + decoded));
  const real = await realpath(candidate).catch(() => null);
  if (!real) return null;
  return real === rootReal || real.startsWith(rootReal + path.sep) ? real : null;
}

export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const file = await resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!file) return null;
  const body = await readFile(file).catch(() => null);
  if (!body) return null;
  return { body, type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
}
