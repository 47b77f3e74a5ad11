import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppAssetPath } from '../app-protocol';

const ROOT = path.resolve('/opt/ecg/resources/app.asar/renderer/dist');

describe('resolveAppAssetPath', () => {
  it('serves index.html for the root and files below the renderer folder', () => {
    expect(resolveAppAssetPath(ROOT, 'app://renderer/')).toMatchObject({
      ok: true,
      path: path.join(ROOT, 'index.html'),
    });
    const js = resolveAppAssetPath(ROOT, 'app://renderer/assets/index-abc123.js');
    expect(js).toEqual({
      ok: true,
      path: path.join(ROOT, 'assets', 'index-abc123.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('refuses traversal, plain and percent-encoded', () => {
    for (const url of [
      'app://renderer/..%2f..%2fpackage.json',
      'app://renderer/assets/..%2F..%2F..%2Fmain.js',
      'app://renderer/..%5C..%5Csecret.js',
    ]) {
      const r = resolveAppAssetPath(ROOT, url);
      expect(r.ok, url).toBe(false);
    }
    // The URL parser already folds literal and %2e%2e segments; what is left must still be inside the root.
    for (const url of ['app://renderer/../../../etc/passwd.js', 'app://renderer/assets/%2e%2e/%2e%2e/%2e%2e/main.js']) {
      const folded = resolveAppAssetPath(ROOT, url);
      expect(folded.ok && folded.path.startsWith(ROOT + path.sep), url).toBe(true);
    }
  });

  it('refuses other hosts and schemes, NUL bytes and unknown file types', () => {
    expect(resolveAppAssetPath(ROOT, 'app://evil/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppAssetPath(ROOT, 'file:///etc/passwd')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppAssetPath(ROOT, 'app://user@renderer/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppAssetPath(ROOT, 'app://renderer/a%00.js')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppAssetPath(ROOT, 'app://renderer/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppAssetPath(ROOT, 'app://renderer/data.sqlite')).toMatchObject({ ok: false, status: 404 });
  });
});
