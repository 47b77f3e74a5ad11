/**
 * The few parts of Electron's API the shell uses, declared here so the main, preload and worker
 * code type-check where the `electron` package (an optional dependency) is absent. An ambient
 * module declaration wins over the package's own typings, so the check is the same on every
 * machine; keep the shapes a strict subset of Electron 38's `electron.d.ts`.
 */
declare module 'electron' {
  type Listener = (...args: never[]) => void;

  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    experimentalFeatures?: boolean;
    enableBlinkFeatures?: string;
    disableBlinkFeatures?: string;
    webviewTag?: boolean;
    navigateOnDragDrop?: boolean;
    safeDialogs?: boolean;
    spellcheck?: boolean;
    devTools?: boolean;
    disableDialogs?: boolean;
    autoplayPolicy?: 'no-user-gesture-required' | 'user-gesture-required' | 'document-user-activation-required';
  }

  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    icon?: string;
    autoHideMenuBar?: boolean;
    webPreferences?: WebPreferences;
  }

  interface WebFrameMain {
    readonly url: string;
    readonly origin: string;
    readonly parent: WebFrameMain | null;
    readonly top: WebFrameMain | null;
    readonly processId: number;
    readonly routingId: number;
  }

  interface HandlerDetails {
    url: string;
  }
  type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow' };

  interface ElectronEvent {
    preventDefault(): void;
  }

  interface WebContents {
    readonly id: number;
    readonly session: Session;
    readonly mainFrame: WebFrameMain;
    send(channel: string, ...args: unknown[]): void;
    getURL(): string;
    isDestroyed(): boolean;
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
    on(
      event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
      listener: (event: ElectronEvent, url: string) => void,
    ): this;
    on(
      event: 'will-attach-webview',
      listener: (event: ElectronEvent, webPreferences: WebPreferences, params: Record<string, string>) => void,
    ): this;
    on(
      event: 'render-process-gone',
      listener: (event: ElectronEvent, details: { reason: string; exitCode: number }) => void,
    ): this;
    on(event: string, listener: Listener): this;
  }

  class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
    static getAllWindows(): BrowserWindow[];
  }

  interface PermissionCheckHandlerHandlerDetails {
    requestingUrl?: string;
    isMainFrame?: boolean;
  }

  interface OnBeforeRequestListenerDetails {
    id: number;
    url: string;
    method: string;
    resourceType: string;
  }
  interface CallbackResponse {
    cancel?: boolean;
  }

  interface WebRequest {
    onBeforeRequest(
      listener: (details: OnBeforeRequestListenerDetails, callback: (response: CallbackResponse) => void) => void,
    ): void;
  }

  interface Session {
    readonly webRequest: WebRequest;
    setPermissionRequestHandler(
      handler: (
        webContents: WebContents,
        permission: string,
        callback: (granted: boolean) => void,
        details: unknown,
      ) => void,
    ): void;
    setPermissionCheckHandler(
      handler: (
        webContents: WebContents | null,
        permission: string,
        requestingOrigin: string,
        details: PermissionCheckHandlerHandlerDetails,
      ) => boolean,
    ): void;
    setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
    setDisplayMediaRequestHandler(
      handler: (request: unknown, callback: (streams: Record<string, never>) => void) => void,
    ): void;
  }

  const session: { readonly defaultSession: Session };

  interface CustomScheme {
    scheme: string;
    privileges?: {
      standard?: boolean;
      secure?: boolean;
      bypassCSP?: boolean;
      allowServiceWorkers?: boolean;
      supportFetchAPI?: boolean;
      corsEnabled?: boolean;
      stream?: boolean;
      codeCache?: boolean;
    };
  }

  const protocol: {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };

  interface IpcMainInvokeEvent {
    readonly sender: WebContents;
    readonly senderFrame: WebFrameMain | null;
    readonly processId: number;
    readonly frameId: number;
  }

  const ipcMain: {
    handle(
      channel: string,
      listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown,
    ): void;
    removeHandler(channel: string): void;
  };

  interface MessageEvent {
    data: unknown;
  }

  interface UtilityProcess {
    readonly pid: number | undefined;
    postMessage(message: unknown): void;
    kill(): boolean;
    on(event: 'message', listener: (message: unknown) => void): this;
    on(event: 'exit', listener: (code: number) => void): this;
    on(event: 'spawn', listener: () => void): this;
  }

  interface ForkOptions {
    env?: Record<string, string | undefined>;
    execArgv?: string[];
    cwd?: string;
    stdio?: 'pipe' | 'ignore' | 'inherit';
    serviceName?: string;
    allowLoadingUnsignedLibraries?: boolean;
  }

  const utilityProcess: {
    fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess;
  };

  const app: {
    readonly isPackaged: boolean;
    whenReady(): Promise<void>;
    quit(): void;
    exit(code?: number): void;
    enableSandbox(): void;
    requestSingleInstanceLock(): boolean;
    getPath(name: 'userData' | 'home' | 'temp' | 'logs'): string;
    getAppPath(): string;
    getVersion(): string;
    on(event: 'web-contents-created', listener: (event: ElectronEvent, contents: WebContents) => void): void;
    on(event: 'before-quit', listener: (event: ElectronEvent) => void): void;
    on(event: 'window-all-closed' | 'second-instance' | 'activate', listener: () => void): void;
  };

  const contextBridge: {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  };

  interface IpcRendererEvent {
    readonly senderId: number;
  }

  const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  };
}
