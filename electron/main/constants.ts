/** The renderer's only origin: a privileged custom scheme, never file:// or http(s)://. */
export const ECG_APP_SCHEME = 'app';
export const ECG_APP_HOST = 'renderer';
export const ECG_APP_ORIGIN = `${ECG_APP_SCHEME}://${ECG_APP_HOST}`;
export const ECG_APP_START_URL = `${ECG_APP_ORIGIN}/index.html`;

/** Source scans, addressed by sha256 and served only from the folders the reviewer opened. */
export const ECG_IMAGE_SCHEME = 'ecg-image';
export const ECG_IMAGE_HOST = 'image';

/** Schemes the renderer may load anything from; every other request (http, ws, file, ...) is cancelled. */
export const ECG_ALLOWED_REQUEST_SCHEMES: readonly string[] = [
  `${ECG_APP_SCHEME}:`,
  `${ECG_IMAGE_SCHEME}:`,
  'data:',
  'blob:',
  'devtools:',
];

/** Bound on one IPC call from the renderer to the engine; batches run longer but answer at once. */
export const ECG_WORKER_CALL_TIMEOUT_MS = 10 * 60_000;

/** How long the engine may take to close its review set when the app quits. */
export const ECG_ENGINE_SHUTDOWN_GRACE_MS = 3000;
