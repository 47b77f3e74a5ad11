import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/electron/preload/index.cjs). */
  preloadPath: string;
  /** DevTools only in development builds. */
  isPackaged: boolean;
  iconPath?: string;
}

/**
 * The one BrowserWindow's options. Every security-relevant preference is spelled out, even where
 * Electron 38's default already matches, so a future default change or a copy-paste cannot weaken it
 * silently and the unit test can see each one.
 */
export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'ECG Review Desk',
    backgroundColor: '#111418',
    autoHideMenuBar: false,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click (auxclick) on a link would otherwise try to open a new window.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !input.isPackaged,
    },
  };
}
