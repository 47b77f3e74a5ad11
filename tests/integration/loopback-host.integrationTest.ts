import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/start-host';

/** A raw request, so tests can forge Host and Origin headers the way an attacker's page could. */
function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers ?? {} },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('loopback host security', () => {
  let host: TestHost;
  let port: number;
  let staticDir: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    staticDir = await mkdtemp(path.join(os.tmpdir(), 'ecg-static-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>ECG Review Desk</title>');
    host = await startTestHost({ model: null, staticDir });
    port = Number(new URL(host.origin).port);
    auth = { host: `127.0.0.1:${port}`, 'x-ecg-token': host.token };
  });
  afterAll(async () => {
    await host.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 only', () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses every request without the token, or with a wrong one', async () => {
    expect((await rawRequest(port, { path: '/', headers: { host: `127.0.0.1:${port}` } })).status).toBe(401);
    const wrong = await rawRequest(port, {
      method: 'POST',
      path: '/api/getAppInfo',
      headers: { host: `127.0.0.1:${port}`, 'x-ecg-token': 'f'.repeat(48), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect(
      (await rawRequest(port, { path: `/images/${'a'.repeat(64)}`, headers: { host: `127.0.0.1:${port}` } })).status,
    ).toBe(401);
  });

  it('moves the token from the first URL into a same-site, HttpOnly cookie', async () => {
    const r = await rawRequest(port, { path: `/?token=${host.token}`, headers: { host: `127.0.0.1:${port}` } });
    expect(r.status).toBe(302);
    expect(String(r.headers['set-cookie'])).toMatch(/ecg_token=[0-9a-f]+; HttpOnly; SameSite=Strict/);
    const page = await rawRequest(port, {
      path: '/',
      headers: { host: `127.0.0.1:${port}`, cookie: `ecg_token=${host.token}` },
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin, and sends no CORS headers', async () => {
    expect((await rawRequest(port, { path: '/', headers: { ...auth, host: `evil.example:${port}` } })).status).toBe(
      403,
    );
    const cross = await rawRequest(port, {
      method: 'POST',
      path: '/api/getAppInfo',
      headers: { ...auth, origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(cross.status).toBe(403);
    const pre = await rawRequest(port, {
      method: 'OPTIONS',
      path: '/api/getAppInfo',
      headers: { ...auth, origin: `http://127.0.0.1:${port}`, 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(405);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses path traversal in image and static URLs', async () => {
    for (const p of [
      '/images/../../etc/passwd',
      '/images/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      `/images/${'a'.repeat(63)}`,
    ]) {
      const r = await rawRequest(port, { path: p, headers: auth });
      expect([400, 404], p).toContain(r.status);
      expect(r.body).not.toMatch(/root:/);
    }
    for (const p of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd.txt', '/..\\..\\etc\\passwd.js']) {
      const r = await rawRequest(port, { path: p, headers: auth });
      expect(r.body, p).not.toMatch(/root:/);
      expect([400, 404], p).toContain(r.status);
    }
  });

  it('validates request bodies with the contract and says which field is wrong', async () => {
    const r = await host.call('setLabel', { beatIds: ['not-a-beat'], label: 'X' });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('E_INVALID_INPUT');
    expect(r.body.error?.message).toMatch(/beatIds\.0/);
    expect(r.body.error?.message).toMatch(/label/);
    const bad = await rawRequest(port, {
      method: 'POST',
      path: '/api/getAppInfo',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    const unknown = await host.call('dropAllTables', {});
    expect(unknown.status).toBe(404);
  });

  it('limits the size of request bodies', async () => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x20);
    const r = await rawRequest(port, {
      method: 'POST',
      path: '/api/getAppInfo',
      headers: { ...auth, 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    }).catch(() => ({ status: 413 }));
    expect(r.status).toBe(413);
  });

  it('answers a valid call', async () => {
    const r = await host.call('getAppInfo');
    expect(r.status).toBe(200);
    expect(r.body.value).toMatchObject({ host: 'loopback', reviewer: null, reviewSet: null });
  });
});
