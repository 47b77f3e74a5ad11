// Sandboxed preload: bundled to one CommonJS file (build/build-electron.js) because a sandboxed
// preload can require only 'electron' and a few built-ins, never our own modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildEcgApi } from './build-api';

const api = buildEcgApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (channel, listener) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  },
});

contextBridge.exposeInMainWorld('ecg', api);
