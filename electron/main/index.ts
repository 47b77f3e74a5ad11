// Composition root of the Electron main process: security first (sandbox, protocols, session and
// webContents hardening), then the engine in its utility process, the validated IPC, the window.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { getEventChannel, type ApiOutput } from '../../common/api';
import { AppError } from '../../common/schemas/errors';
import { getLogger } from '../engine/util/log';
import { ECG_APP_ORIGIN, ECG_APP_START_URL, ECG_ENGINE_SHUTDOWN_GRACE_MS } from './constants';
import { hardenSession, hardenWebContents } from './harden';
import { ImageGate, type ListedImage } from './image-gate';
import { getImageUrl } from './image-protocol';
import { createIpcDispatcher } from './ipc-dispatch';
import { registerIpcHandlers } from './ipc-main';
import { handleAppProtocol, handleImageProtocol, refuseFileProtocol, registerPrivilegedSchemes } from './protocols';
import { getFolderArgument, getShellPaths } from './shell-paths';
import { buildWindowOptions } from './window-options';
import type { WorkerClient } from './worker-client';
import { startEngineProcess } from './worker-launch';

const log = getLogger('main');

registerPrivilegedSchemes();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void startShell().catch((err: unknown) => {
    log.error('the shell failed to start', err);
    app.exit(1);
  });
}

async function startShell(): Promise<void> {
  await app.whenReady();
  const paths = getShellPaths({
    mainDir: import.meta.dirname,
    isPackaged: app.isPackaged,
    resourcesPath: (process as unknown as { resourcesPath?: string }).resourcesPath,
    env: process.env,
  });

  hardenSession(session.defaultSession, log);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  let window: BrowserWindow | null = null;
  const sendEvent = (event: Parameters<typeof getEventChannel>[0], payload: unknown) => {
    if (window && !window.isDestroyed()) window.webContents.send(getEventChannel(event), payload);
  };

  // One engine process; if it dies, the next call starts a fresh one (the renderer reopens its set).
  let engine: WorkerClient | null = null;
  const getEngine = (): WorkerClient => {
    if (engine?.alive) return engine;
    engine = startEngineProcess(
      paths.worker,
      { kind: 'init', version: app.getVersion(), modelsDir: paths.modelsDir, sampleFolder: paths.sampleFolder },
      getLogger('engine'),
    );
    engine.onEvent(sendEvent);
    return engine;
  };
  getEngine();

  const gate = new ImageGate(async () => {
    const reply = await getEngine().call('listImages', {});
    if (!reply.ok) throw new AppError(reply.error.code, reply.error.message);
    return reply.value as ListedImage[];
  });

  handleAppProtocol(paths.rendererDir, log);
  handleImageProtocol(gate, log);
  refuseFileProtocol(log);

  const dispatch = createIpcDispatcher({
    getPolicy: () => ({
      origin: ECG_APP_ORIGIN,
      webContentsIds: new Set(window && !window.isDestroyed() ? [window.webContents.id] : []),
    }),
    forward: (method, input) => getEngine().call(method, input),
    local: {
      // Only main knows the image protocol; the engine only confirms the image is in the open set.
      getImageUrl: async ({ sha256 }): Promise<ApiOutput<'getImageUrl'>> => {
        const found = await gate.resolve(sha256);
        if (!found.ok)
          throw new AppError(
            found.status === 404 ? 'E_NOT_FOUND' : 'E_FORBIDDEN_PATH',
            `image ${sha256.slice(0, 12)}…: ${found.reason}`,
          );
        return { url: getImageUrl(sha256) };
      },
    },
    afterSuccess: async (method, input) => {
      if (method === 'startBatch') await gate.openedFolder((input as { folder: string }).folder);
      if (method === 'openReviewSet') gate.openedReviewSet();
    },
    log,
  });
  registerIpcHandlers(ipcMain, dispatch);

  const createWindow = (): BrowserWindow => {
    const options = buildWindowOptions({
      preloadPath: paths.preload,
      isPackaged: app.isPackaged,
      iconPath: paths.icon,
    });
    // The builder (unit-tested) sets every preference; the critical ones are pinned again here, at the
    // construction site, so no later edit of the builder and no scanner reading this file can miss them.
    const win = new BrowserWindow({
      ...options,
      webPreferences: {
        ...options.webPreferences,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (window === win) window = null;
    });
    void win.loadURL(ECG_APP_START_URL).catch((err: unknown) => log.error(`could not load ${ECG_APP_START_URL}`, err));
    return win;
  };
  window = createWindow();

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (!window) window = createWindow();
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !engine?.alive) return;
    // Let the engine close its review set first; the second quit() goes through.
    event.preventDefault();
    quitting = true;
    void engine.shutdown(ECG_ENGINE_SHUTDOWN_GRACE_MS).finally(() => app.quit());
  });

  // Like the loopback host: open the folder named on the command line, else the sample, at start.
  const folder = getFolderArgument(process.argv, app.isPackaged) ?? paths.sampleFolder;
  if (folder && process.env.ECG_NO_AUTOSTART !== '1') {
    const input = { folder: path.resolve(folder) };
    void getEngine()
      .call('startBatch', input)
      .then(async (reply) => {
        if (!reply.ok) return log.warn(`could not open ${input.folder}: ${reply.error.message}`);
        await gate.openedFolder(input.folder);
      });
  }
}
