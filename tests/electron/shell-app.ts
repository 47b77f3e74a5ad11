import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import type { ApiInput, ApiMethod, ApiOutput } from '../../common/api';
import { findElectronBinary, getMainEntryPath } from '../../electron/main/locate-electron';
import { hasSharedData, SCANS_DIR } from '../support/shared-data';

export const ELECTRON = findElectronBinary();

/** The running shell: the Electron app, its one window, and a scratch home for settings and review sets. */
export class ShellApp {
  private constructor(
    readonly app: ElectronApplication,
    readonly window: Page,
    readonly home: string,
  ) {}

  static async launch(): Promise<ShellApp> {
    const home = mkdtempSync(path.join(tmpdir(), 'ecg-shell-home-'));
    const app = await _electron.launch({
      executablePath: ELECTRON.path!,
      args: [getMainEntryPath()],
      // No batch at start: the tests open their own folder.
      env: {
        ...process.env,
        ECG_HOME: home,
        ECG_NO_AUTOSTART: '1',
        ECG_LOG_LEVEL: process.env.ECG_LOG_LEVEL ?? 'warn',
      },
    });
    const window = await app.firstWindow();
    await window.waitForLoadState('domcontentloaded');
    return new ShellApp(app, window, home);
  }

  /** Call the contract through the preload bridge exactly as the renderer does. */
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    return this.window.evaluate(
      ([m, i]) => (window as unknown as { ecg: Record<string, (x: unknown) => Promise<unknown>> }).ecg[m]!(i),
      [method, input] as const,
    ) as Promise<ApiOutput<M>>;
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** A folder of a few real scans for the batch: the app's own sample if it ships one, else two shared scans. */
export function makeSampleFolder(appSample: string | null): { folder: string; cleanup(): void } | null {
  if (appSample) return { folder: appSample, cleanup: () => undefined };
  if (!hasSharedData(SCANS_DIR)) return null;
  const folder = mkdtempSync(path.join(tmpdir(), 'ecg-shell-scans-'));
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(SCANS_DIR)
    .filter((n) => /\.png$/i.test(n))
    .slice(0, 2))
    copyFileSync(path.join(SCANS_DIR, name), path.join(folder, name));
  return { folder, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}
