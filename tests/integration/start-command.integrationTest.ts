import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/test-model';

/** The README's first command where Electron is absent: `npm start` serves the app on the loopback host. */
describe('npm start (loopback host)', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'ecg-start-'));
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  });

  it('prints a 127.0.0.1 address with a token, serves the UI for it and refuses the API without it', async () => {
    child = spawn(process.execPath, ['bin/start.js', '--browser'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ECG_HOME: home, ECG_DEBUG: '1' },
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out);
        if (m) resolve(m[0]);
      });
      child!.on('exit', (code) => reject(new Error(`start exited ${code}: ${out}\n${err}`)));
    });
    expect(err).not.toMatch(/cli bundle unavailable/);
    const origin = new URL(url).origin;
    // The first load trades the token in the address for a cookie, then the UI loads with the cookie.
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root"/);
    expect((await fetch(`${origin}/api/events`)).status).toBe(401);
  }, 180_000);
});
