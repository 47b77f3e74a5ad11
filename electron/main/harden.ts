import type { Session, WebContents } from 'electron';
import type { Logger } from '../engine/util/log';
import { isAllowedNavigation, isAllowedRequestUrl, isPermissionGranted } from './request-policy';

/** Session-wide: deny every permission and cancel every request that is not ours (no remote content). */
export function hardenSession(ses: Session, log: Logger): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    const granted = isPermissionGranted(permission);
    if (!granted) log.warn(`denied permission request "${permission}"`);
    callback(granted);
  });
  ses.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url);
    if (!allowed) log.warn(`blocked request to ${details.url}`);
    callback({ cancel: !allowed });
  });
}

/** Every webContents (our window, and anything a bug might create): no new windows, no navigation, no webviews. */
export function hardenWebContents(contents: WebContents, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`blocked window.open(${url})`);
    return { action: 'deny' };
  });
  const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    log.warn(`blocked navigation to ${url}`);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-frame-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
}
