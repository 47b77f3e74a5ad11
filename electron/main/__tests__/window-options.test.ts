import { describe, expect, it } from 'vitest';
import { buildWindowOptions } from '../window-options';

describe('buildWindowOptions', () => {
  const options = buildWindowOptions({ preloadPath: '/app/dist/electron/preload/index.cjs', isPackaged: true });
  const prefs = options.webPreferences!;

  it('isolates and sandboxes the renderer with no Node.js anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security and refuses insecure, experimental and webview features', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads the bundled preload and hides DevTools only in a packaged build', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload/index.cjs');
    expect(prefs.devTools).toBe(false);
    expect(buildWindowOptions({ preloadPath: '/p.cjs', isPackaged: false }).webPreferences!.devTools).toBe(true);
  });

  it('sets no preference the security review has not seen', () => {
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'devTools',
        'disableBlinkFeatures',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });
});
