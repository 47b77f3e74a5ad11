import { ERROR_CODES, type AppErrorPayload, type ErrorCode } from './schemas/errors';

/**
 * Electron's contextBridge copies only an Error's message into the page (custom properties such
 * as `code` are dropped), so the preload writes the code into the message and the renderer reads
 * it back. The message stays readable to a person either way: "[E_NOT_FOUND] no such beat".
 */
export function encodeIpcErrorMessage(error: AppErrorPayload): string {
  return `[${error.code}] ${error.message}`;
}

/** The code and words of an error thrown by the preload bridge, or null if it carries none. */
export function decodeIpcErrorMessage(message: string): { code: ErrorCode; message: string } | null {
  const m = /\[(E_[A-Z_]+)\] ([\s\S]*)$/.exec(message);
  if (!m || !(ERROR_CODES as readonly string[]).includes(m[1]!)) return null;
  return { code: m[1] as ErrorCode, message: m[2]! };
}
