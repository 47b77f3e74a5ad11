import { describe, expect, it } from 'vitest';
import { ECG_APP_ORIGIN } from '../constants';
import { checkIpcSender } from '../ipc-sender';

const policy = { origin: ECG_APP_ORIGIN, webContentsIds: new Set([7]) };
const ours = { frameUrl: 'app://renderer/index.html#/grid', isMainFrame: true, webContentsId: 7 };

describe('checkIpcSender', () => {
  it('accepts our window main frame on app://renderer', () => {
    expect(checkIpcSender(ours, policy)).toEqual({ ok: true });
  });

  it('refuses another origin, even in our own window', () => {
    for (const frameUrl of [
      'https://evil.example/',
      'file:///tmp/x.html',
      'app://evil/index.html',
      'app://renderer.evil/index.html',
      'ecg-image://image/x',
      'app://renderer:8080/index.html',
    ]) {
      const r = checkIpcSender({ ...ours, frameUrl }, policy);
      expect(r.ok, frameUrl).toBe(false);
    }
  });

  it('refuses a subframe showing our own origin', () => {
    const r = checkIpcSender({ ...ours, isMainFrame: false }, policy);
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('subframe') });
  });

  it('refuses another webContents, a destroyed frame and a malformed URL', () => {
    expect(checkIpcSender({ ...ours, webContentsId: 8 }, policy).ok).toBe(false);
    expect(checkIpcSender({ ...ours, frameUrl: null }, policy).ok).toBe(false);
    expect(checkIpcSender({ ...ours, frameUrl: 'not a url' }, policy).ok).toBe(false);
    expect(checkIpcSender({ ...ours, frameUrl: 'app://user:pw@renderer/index.html' }, policy).ok).toBe(false);
  });
});
