import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getFolderArgument, getShellPaths } from '../shell-paths';

describe('shell paths', () => {
  it('finds the bundles beside main and the models outside the asar when packaged', () => {
    const mainDir = path.join('/opt/ecg/resources/app.asar', 'dist', 'electron', 'main');
    const p = getShellPaths({ mainDir, isPackaged: true, resourcesPath: '/opt/ecg/resources', env: {} });
    expect(p.preload).toBe('/opt/ecg/resources/app.asar/dist/electron/preload/index.cjs');
    expect(p.worker).toBe('/opt/ecg/resources/app.asar/dist/electron/worker/index.cjs');
    expect(p.rendererDir).toBe('/opt/ecg/resources/app.asar/renderer/dist');
    expect(p.modelsDir).toBe('/opt/ecg/resources/models');
    expect(p.sampleFolder).toBeNull();
  });

  it('uses the repo in development and ECG_SAMPLE_FOLDER when set', () => {
    const p = getShellPaths({
      mainDir: '/repo/dist/electron/main',
      isPackaged: false,
      resourcesPath: undefined,
      env: { ECG_SAMPLE_FOLDER: '/data/scans' },
    });
    expect(p.modelsDir).toBe('/repo/models');
    expect(p.sampleFolder).toBe('/data/scans');
  });

  it('reads the folder argument past the app path and any switches', () => {
    expect(getFolderArgument(['/usr/bin/electron', '.', '/data/scans'], false)).toBe('/data/scans');
    expect(
      getFolderArgument(
        ['/usr/bin/electron', '--inspect=0', '--remote-debugging-port=0', 'dist/electron/main/index.js'],
        false,
      ),
    ).toBeNull();
    expect(getFolderArgument(['/opt/ecg/ecg-review-desk', '--no-sandbox', '/data/scans'], true)).toBe('/data/scans');
    expect(getFolderArgument(['/opt/ecg/ecg-review-desk'], true)).toBeNull();
  });
});
