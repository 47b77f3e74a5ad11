import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const ECG_TOKEN_COOKIE = 'ecg_token';
export const ECG_TOKEN_HEADER = 'x-ecg-token';
/** setLabel over 100,000 beat ids is ~7.5 MB of JSON; nothing legitimate is larger. */
export const ECG_MAX_BODY_BYTES = 16 * 1024 * 1024;

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** The token may come as a header (API calls), a cookie (assets, images) or the query (first page load). */
export function hasValidToken(req: IncomingMessage, url: URL, token: string): boolean {
  const candidates = [req.headers[ECG_TOKEN_HEADER], readCookie(req, ECG_TOKEN_COOKIE), url.searchParams.get('token')];
  return candidates.some((c) => typeof c === 'string' && safeEqual(c, token));
}

/**
 * DNS-rebinding and cross-site defence: the Host header must be our own loopback address, and a
 * browser-sent Origin, when present, must be ours too (we never answer CORS preflights).
 */
export function checkRequestOrigin(req: IncomingMessage, port: number): string | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return `host "${req.headers.host}" is not this loopback server`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin))
    return `origin "${origin}" is not allowed`;
  return null;
}

export const ECG_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
