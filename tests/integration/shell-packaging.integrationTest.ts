import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getLogger } from '../../electron/engine/util/log';
import { WorkerClient, type WorkerPort } from '../../electron/main/worker-client';

// Packaging checks that need no Electron binary: the electron-builder config against
// electron-builder's own schema, the fuses hook run on a fuse wire laid out as in Electron's binary,
// and the esbuild bundles (what each may import).
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
const config = JSON.parse(readFileSync(path.join(ROOT, 'build', 'electron-builder.json'), 'utf8'));
const importJs = (rel: string) => import(pathToFileURL(path.join(ROOT, rel)).href);
const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

describe('electron-builder config (build/electron-builder.json)', () => {
  it("passes electron-builder's own schema validation, which rejects unknown keys", async () => {
    const { validateConfiguration } = requireFromRoot('app-builder-lib/out/util/config/config');
    const { DebugLogger } = requireFromRoot('builder-util');
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...structuredClone(config), linux: { ...config.linux, bogus: 1 } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/Invalid configuration/);
  });

  it('names the app and builds AppImage + deb, NSIS and dmg', () => {
    expect(config.appId).toBe('org.ecgreviewdesk.app');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asar).toBe(true);
  });

  it('unpacks the native modules from the asar and ships the models beside it', () => {
    for (const mod of ['onnxruntime-node', 'sharp', 'better-sqlite3'])
      expect(config.asarUnpack).toContain(`node_modules/${mod}/**/*`);
    expect(config.asarUnpack).toContain('**/*.node');
    const models = config.extraResources.find((r: { from: string }) => r.from === 'models');
    expect(models.to).toBe('models');
    expect(models.filter).toEqual(expect.arrayContaining(['*/**/*.onnx', '*/model.json']));
  });

  it('ships the bundles and the built renderer, not sources or source maps', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**/*', 'renderer/dist/**/*', '!**/*.map']));
    expect(config.files.some((f: string) => /^(electron|common)\//.test(f))).toBe(false);
    expect(config.extraMetadata.main).toBe('dist/electron/main/index.js');
  });

  it('has an afterPack hook that exists and exports the fuse flipper', async () => {
    expect(config.afterPack).toBe('./build/after-pack.js');
    const hook = await importJs('build/after-pack.js');
    expect(typeof hook.default).toBe('function');
  });
});

describe('fuses (build/after-pack.js)', () => {
  // Electron's binary holds a sentinel, then the wire version, its length and one byte per fuse
  // ('0' off, '1' on). These are Electron's defaults for the eight V1 fuses.
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const DEFAULTS = '10110001';

  it('flips the release fuses in the packed Linux executable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ecg-fuses-'));
    tmp.push(dir);
    const exe = path.join(dir, 'ecg-review-desk');
    writeFileSync(
      exe,
      Buffer.concat([
        Buffer.from('\x7fELF....padding'),
        Buffer.from(SENTINEL),
        Buffer.from([1, 8]),
        Buffer.from(DEFAULTS),
        Buffer.from('tail'),
      ]),
    );
    const hook = await importJs('build/after-pack.js');
    const log = process.stdout.write;
    process.stdout.write = () => true;
    try {
      await hook.default({
        electronPlatformName: 'linux',
        appOutDir: dir,
        arch: 1,
        packager: { executableName: 'ecg-review-desk', appInfo: { productFilename: 'ECG Review Desk' } },
      });
    } finally {
      process.stdout.write = log;
    }
    const bytes = readFileSync(exe);
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
    const wire = bytes.subarray(at, at + 8).toString('latin1');
    // RunAsNode, CookieEncryption, NODE_OPTIONS, --inspect, AsarIntegrity, OnlyLoadAppFromAsar, V8 snapshot, file:// privileges
    expect(wire).toBe('01001100');
  });

  it('finds the executable for each platform', async () => {
    const { getPackedElectronPath } = await importJs('build/after-pack.js');
    const packager = { executableName: 'ecg-review-desk', appInfo: { productFilename: 'ECG Review Desk' } };
    expect(getPackedElectronPath({ electronPlatformName: 'win32', appOutDir: '/o', packager })).toBe(
      path.join('/o', 'ECG Review Desk.exe'),
    );
    expect(getPackedElectronPath({ electronPlatformName: 'darwin', appOutDir: '/o', packager })).toBe(
      path.join('/o', 'ECG Review Desk.app'),
    );
    expect(getPackedElectronPath({ electronPlatformName: 'linux', appOutDir: '/o', packager })).toBe(
      path.join('/o', 'ecg-review-desk'),
    );
  });
});

describe('esbuild bundles (build/build-electron.js)', () => {
  let outDir: string;

  it('bundles main as ESM, the sandboxed preload as one CommonJS file needing only electron, and the workers', async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'ecg-bundle-'));
    tmp.push(outDir);
    const { buildElectron, ECG_ELECTRON_EXTERNALS } = await importJs('build/build-electron.js');
    await buildElectron({ outDir });
    const preload = readFileSync(path.join(outDir, 'preload', 'index.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^import /m);

    const main = readFileSync(path.join(outDir, 'main', 'index.js'), 'utf8');
    const mainImports = new Set([...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]));
    for (const spec of mainImports) expect(spec === 'electron' || spec!.startsWith('node:'), spec).toBe(true);

    // ESM (top-level await) with its one native import left external.
    const inferWorker = readFileSync(path.join(outDir, 'worker', 'infer-worker.js'), 'utf8');
    const inferImports = [...inferWorker.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(inferImports).toContain('onnxruntime-node');
    for (const spec of inferImports)
      expect(spec.startsWith('node:') || ECG_ELECTRON_EXTERNALS.includes(spec), spec).toBe(true);

    const worker = readFileSync(path.join(outDir, 'worker', 'index.cjs'), 'utf8');
    const workerRequires = new Set([...worker.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!));
    for (const spec of workerRequires) {
      expect(
        spec.startsWith('node:') ||
          ECG_ELECTRON_EXTERNALS.includes(spec) ||
          requireFromRoot('node:module').isBuiltin(spec),
        spec,
      ).toBe(true);
    }
  });

  it('the bundled worker boots under Node and answers through the protocol', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ecg-bundle-home-'));
    tmp.push(home);
    // Externals resolve from the repo's node_modules, as they do from app.asar.unpacked when packaged.
    const child = fork(path.join(outDir, 'worker', 'index.cjs'), [], {
      env: { ...process.env, ECG_HOME: home, NODE_PATH: path.join(ROOT, 'node_modules'), ECG_LOG_LEVEL: 'error' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const port: WorkerPort = {
      postMessage: (m) => void child.send(m),
      onMessage: (l) => void child.on('message', l),
      onExit: (l) => void child.on('exit', (code) => l(code)),
      kill: () => void child.kill(),
    };
    const init = {
      kind: 'init' as const,
      version: '9.9.9',
      modelsDir: path.join(home, 'no-models'),
      sampleFolder: null,
    };
    const client = new WorkerClient(port, init, getLogger('test'), 30_000);
    await client.ready;
    expect(await client.call('getAppInfo', {})).toMatchObject({
      ok: true,
      value: { host: 'electron', version: '9.9.9', reviewSet: null },
    });
    expect(await client.call('listModels', {})).toEqual({ ok: true, value: [] });
    expect(await client.call('listImages', {})).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    await client.shutdown(5_000);
    expect(await exited).toBe(0);
  });
});
