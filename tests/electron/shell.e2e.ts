import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { API_METHODS } from '../../common/api';
import { ELECTRON, makeSampleFolder, ShellApp } from './shell-app';

test.skip(!ELECTRON.path, `Electron binary not installed: ${ELECTRON.reason}`);
test.describe.configure({ mode: 'serial' });

let shell: ShellApp;
test.beforeAll(async () => {
  shell = await ShellApp.launch();
});
test.afterAll(async () => {
  await shell?.close();
});

test('launches one sandboxed, isolated window on app://renderer', async () => {
  expect(shell.window.url()).toMatch(/^app:\/\/renderer\//);
  const prefs = await shell.app.evaluate(({ BrowserWindow }) => {
    const wins = BrowserWindow.getAllWindows();
    const p = (
      wins[0]!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }
    ).getLastWebPreferences();
    return {
      count: wins.length,
      contextIsolation: p.contextIsolation,
      sandbox: p.sandbox,
      nodeIntegration: p.nodeIntegration,
      webSecurity: p.webSecurity,
    };
  });
  expect(prefs).toEqual({ count: 1, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  const globals = await shell.window.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    api: Object.keys((window as unknown as { ecg: object }).ecg).sort(),
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', api: [...API_METHODS, 'on'].sort() });
});

test('enforces the CSP and blocks remote content, new windows and navigation', async () => {
  const probe = await shell.window.evaluate(async () => {
    let evalBlocked = false;
    try {
      (0, eval)('1');
    } catch {
      evalBlocked = true;
    }
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.appendChild(s);
    const remote = await fetch('https://example.org/').then(
      () => 'loaded',
      () => 'blocked',
    );
    const popup = window.open('https://example.org/');
    return {
      evalBlocked,
      inlineRan: Boolean((window as unknown as { __inlineRan?: boolean }).__inlineRan),
      remote,
      popup: popup === null,
    };
  });
  expect(probe).toEqual({ evalBlocked: true, inlineRan: false, remote: 'blocked', popup: true });
  const before = shell.window.url();
  await shell.window.evaluate(() => {
    window.location.href = 'https://example.org/';
  });
  await shell.window.waitForTimeout(500);
  expect(shell.window.url()).toBe(before);
});

test('opens the sample folder, labels a beat and exports the corrected set', async () => {
  const info = await shell.call('getAppInfo', {});
  expect(info.host).toBe('electron');
  const sample = makeSampleFolder(info.sampleFolder);
  test.skip(!sample, 'no sample folder: the app ships none and ../shared/data/scans is absent');
  const outDir = mkdtempSync(path.join(tmpdir(), 'ecg-shell-export-'));
  rmSync(outDir, { recursive: true, force: true });
  try {
    await shell.call('setReviewer', { name: 'E2E Reviewer', role: 'reviewer' });
    const { batchId } = await shell.call('startBatch', { folder: sample!.folder });
    await expect
      // Until the batch's first step reports, the engine answers E_NOT_FOUND ("no progress yet").
      .poll(async () => (await shell.call('getBatchProgress', { batchId }).catch(() => null))?.state ?? 'pending', {
        timeout: 5 * 60_000,
        intervals: [1000],
      })
      .toBe('done');

    const images = await shell.call('listImages', {});
    expect(images.length).toBeGreaterThan(0);
    const { url } = await shell.call('getImageUrl', { sha256: images[0]!.sha256 });
    expect(url).toMatch(/^ecg-image:\/\/image\/[0-9a-f]{64}$/);
    const width = await shell.window.evaluate(
      (src) =>
        new Promise<number>((resolve) => {
          const img = new Image();
          img.onload = () => resolve(img.naturalWidth);
          img.onerror = () => resolve(-1);
          img.src = src;
        }),
      url,
    );
    expect(width).toBeGreaterThan(0);

    const page = await shell.call('listBeats', { limit: 1 });
    expect(page.total).toBeGreaterThan(0);
    const beat = page.items[0]!;
    const { events } = await shell.call('setLabel', { beatIds: [beat.id], label: 'V' });
    expect(events).toHaveLength(1);
    expect((await shell.call('getBeat', { beatId: beat.id })).summary.myLabel).toBe('V');

    const result = await shell.call('exportSet', { format: 'csv', outDir });
    expect(result.beats).toBeGreaterThan(0);
    for (const f of result.files) expect(statSync(path.resolve(outDir, f.path)).size).toBe(f.bytes);
    expect(existsSync(outDir)).toBe(true);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    sample?.cleanup();
  }
});

test('rejects a malformed call with the error code in the message', async () => {
  const message = await shell.window.evaluate(() =>
    (window as unknown as { ecg: { setLabel(x: unknown): Promise<unknown> } }).ecg
      .setLabel({ beatIds: [], label: 'nonsense' })
      .then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
  );
  expect(message).toMatch(/\[E_INVALID_INPUT\] invalid input to setLabel/);
});
