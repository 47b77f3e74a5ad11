import { ECG_IMAGE_SCHEME } from './constants';

/**
 * Content-Security-Policy sent with every app:// response. Scripts and styles come only from the
 * bundle (no inline script, no eval); scans only through ecg-image:; nothing may connect out, be
 * framed, framed in, or submit a form. React and d3 set styles through the CSSOM, which CSP allows,
 * so no 'unsafe-inline' is needed for styles either.
 */
export const ECG_CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", `${ECG_IMAGE_SCHEME}:`, 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'none'"],
  'media-src': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'child-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
  'base-uri': ["'none'"],
};

export function buildContentSecurityPolicy(
  directives: Readonly<Record<string, readonly string[]>> = ECG_CSP_DIRECTIVES,
): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export const ECG_CSP = buildContentSecurityPolicy();

/** Headers of every app:// response: the CSP plus the usual hardening headers. */
export function getAppResponseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': ECG_CSP,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
}
