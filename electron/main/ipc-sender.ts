/** What main knows about the frame an IPC message came from, without holding Electron objects. */
export interface IpcSenderInfo {
  /** URL of the sending frame; null when the frame is gone or was never known. */
  frameUrl: string | null;
  /** True only for the top-level frame of its page. */
  isMainFrame: boolean;
  webContentsId: number;
}

export interface IpcSenderPolicy {
  origin: string;
  /** The webContents of our own window(s). */
  webContentsIds: ReadonlySet<number>;
}

export type SenderCheck = { ok: true } | { ok: false; reason: string };

/**
 * Accept a message only from our window's main frame showing our own origin, as VS Code's
 * validatedIpcMain does: an iframe, a page that navigated elsewhere, or another webContents is
 * refused even though it shares the preload.
 */
export function checkIpcSender(sender: IpcSenderInfo, policy: IpcSenderPolicy): SenderCheck {
  if (!policy.webContentsIds.has(sender.webContentsId))
    return { ok: false, reason: `webContents ${sender.webContentsId} is not our window` };
  if (!sender.frameUrl) return { ok: false, reason: 'sender frame is gone' };
  if (!sender.isMainFrame) return { ok: false, reason: `subframe ${sender.frameUrl} may not call the API` };
  let url: URL;
  try {
    url = new URL(sender.frameUrl);
  } catch {
    return { ok: false, reason: `sender URL "${sender.frameUrl}" is malformed` };
  }
  // URL.origin is "null" for custom schemes, so compare scheme and host ourselves.
  const origin = `${url.protocol}//${url.host}`;
  if (origin !== policy.origin || url.username || url.password)
    return { ok: false, reason: `origin ${origin} is not ${policy.origin}` };
  return { ok: true };
}
