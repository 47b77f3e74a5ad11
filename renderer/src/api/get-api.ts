import type { EcgApi } from '../../../common/api';
import { createLoopbackClient } from './loopback-client';

declare global {
  interface Window {
    ecg?: EcgApi;
  }
}

/** Electron's preload provides `window.ecg`; in a browser the page talks to the loopback host itself. */
export function getApi(): EcgApi {
  if (!window.ecg) window.ecg = createLoopbackClient();
  return window.ecg;
}
