import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import type { Logger } from '../engine/util/log';
import { resolveAppAssetPath } from './app-protocol';
import { ECG_APP_ORIGIN, ECG_APP_SCHEME, ECG_IMAGE_SCHEME } from './constants';
import { ECG_CSP, getAppResponseHeaders } from './csp';
import type { ImageGate } from './image-gate';
import { parseImageUrl } from './image-protocol';

/** Must run before app 'ready'. app:// is a secure standard scheme so 'self', fetch and CSP behave as on https. */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: ECG_APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    {
      scheme: ECG_IMAGE_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

function refuse(status: number, reason: string): Response {
  return new Response(reason, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': ECG_CSP },
  });
}

/** app://renderer/... → the built renderer, with the CSP on every response. */
export function handleAppProtocol(rendererDir: string, log: Logger): void {
  protocol.handle(ECG_APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const asset = resolveAppAssetPath(rendererDir, request.url);
    if (!asset.ok) {
      log.warn(`app:// refused ${request.url}: ${asset.reason}`);
      return refuse(asset.status, asset.reason);
    }
    const body = await readFile(asset.path).catch(() => null);
    if (!body) {
      log.warn(
        `app:// missing ${asset.path}${asset.path.endsWith('index.html') ? ' (run npm run build:renderer)' : ''}`,
      );
      return refuse(404, 'not found');
    }
    return new Response(new Uint8Array(body), { status: 200, headers: getAppResponseHeaders(asset.contentType) });
  });
}

/** ecg-image://image/<sha256> → the scan's bytes, if the gate allows it. */
export function handleImageProtocol(gate: ImageGate, log: Logger): void {
  protocol.handle(ECG_IMAGE_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const sha256 = parseImageUrl(request.url);
    if (!sha256) return refuse(400, 'image URLs are ecg-image://image/<sha256>');
    const resolved = await gate.resolve(sha256).catch((err: unknown) => {
      log.error('image lookup failed', err);
      return { ok: false as const, status: 404 as const, reason: 'lookup failed' };
    });
    if (!resolved.ok) {
      log.warn(`ecg-image:// refused ${sha256}: ${resolved.reason}`);
      return refuse(resolved.status, resolved.reason);
    }
    const body = await readFile(resolved.path).catch(() => null);
    if (!body) return refuse(404, 'not found');
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': resolved.contentType,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=3600',
        'access-control-allow-origin': ECG_APP_ORIGIN,
      },
    });
  });
}

/** Nothing is loaded from file://, so a stray file:// URL (a dropped file, an injected link) gets nothing. */
export function refuseFileProtocol(log: Logger): void {
  protocol.handle('file', (request) => {
    log.warn(`file:// refused ${request.url}`);
    return refuse(403, 'file:// is not served');
  });
}
