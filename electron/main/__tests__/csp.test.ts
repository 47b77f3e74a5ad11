import { describe, expect, it } from 'vitest';
import { ECG_CSP, getAppResponseHeaders } from '../csp';

function parseCsp(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('Content-Security-Policy', () => {
  const csp = parseCsp(ECG_CSP);

  it('denies by default and allows scripts only from the app bundle', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('never allows inline script, eval or any remote origin', () => {
    for (const sources of csp.values()) {
      expect(sources).not.toContain("'unsafe-inline'");
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources.some((s) => /^(https?|wss?):/.test(s) || s === '*')).toBe(false);
    }
  });

  it('loads scans only through ecg-image: and forbids plugins, frames, forms and <base>', () => {
    expect(csp.get('img-src')).toContain('ecg-image:');
    for (const d of ['object-src', 'frame-src', 'frame-ancestors', 'form-action', 'base-uri'])
      expect(csp.get(d)).toEqual(["'none'"]);
  });

  it('is sent with every app:// response, with nosniff', () => {
    const headers = getAppResponseHeaders('text/html; charset=utf-8');
    expect(headers['content-security-policy']).toBe(ECG_CSP);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
  });
});
