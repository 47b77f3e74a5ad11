import type { IpcMainInvokeEvent, ipcMain as IpcMain } from 'electron';
import { API_METHODS, getChannel } from '../../common/api';
import type { IpcDispatcher } from './ipc-dispatch';
import type { IpcSenderInfo } from './ipc-sender';

/** Read the sender off an Electron event; a frame that navigated away or was destroyed reads as gone. */
export function getSenderInfo(event: IpcMainInvokeEvent): IpcSenderInfo {
  let frame: IpcMainInvokeEvent['senderFrame'] = null;
  try {
    frame = event.senderFrame;
  } catch {
    frame = null;
  }
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame ? frame.parent === null : false,
    webContentsId: event.sender.id,
  };
}

/** One ipcMain.handle per contract method, all through the validating dispatcher; nothing else listens. */
export function registerIpcHandlers(ipcMain: typeof IpcMain, dispatch: IpcDispatcher): void {
  for (const method of API_METHODS) {
    ipcMain.handle(getChannel(method), (event, ...args) => dispatch(method, getSenderInfo(event), args));
  }
}
