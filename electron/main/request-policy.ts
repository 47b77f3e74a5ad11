import { ECG_ALLOWED_REQUEST_SCHEMES } from './constants';

/**
 * Whether the renderer may load a URL at all. The app is offline by design: anything but our two
 * protocols and in-page data is cancelled, so an injected <img src="https://..."> cannot leak data.
 */
export function isAllowedRequestUrl(requestUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return false;
  }
  return ECG_ALLOWED_REQUEST_SCHEMES.includes(url.protocol);
}

/** Navigation never leaves the loaded page: every renderer-initiated navigation or redirect is refused. */
export function isAllowedNavigation(_targetUrl: string): boolean {
  return false;
}

/** No web permission (camera, notifications, clipboard-read, geolocation, HID, ...) is ever granted. */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}
