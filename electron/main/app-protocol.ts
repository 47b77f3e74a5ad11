import path from 'node:path';
import { ECG_APP_HOST, ECG_APP_SCHEME } from './constants';

const ECG_APP_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type AssetResolution =
  { ok: true; path: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Map an app://renderer/... URL to a file of the built renderer. Lexical only, because in a
 * packaged app the root sits inside app.asar where there are no symlinks to follow; refuses other
 * hosts, encoded separators, NUL bytes, `..` that would leave the root, and unknown file types.
 */
export function resolveAppAssetPath(rootDir: string, requestUrl: string): AssetResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (url.protocol !== `${ECG_APP_SCHEME}:` || url.host !== ECG_APP_HOST || url.username || url.password) {
    return { ok: false, status: 403, reason: `not an ${ECG_APP_SCHEME}://${ECG_APP_HOST} URL` };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\'))
    return { ok: false, status: 400, reason: 'NUL or backslash in path' };
  if (decoded.split('/').includes('..')) return { ok: false, status: 403, reason: 'path traversal refused' };
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, relative);
  const rel = path.relative(root, candidate);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    return { ok: false, status: 403, reason: 'path leaves the renderer folder' };
  const contentType = ECG_APP_TYPES[path.extname(candidate).toLowerCase()];
  if (!contentType) return { ok: false, status: 404, reason: `no such asset type "${path.extname(candidate)}"` };
  return { ok: true, path: candidate, contentType };
}
