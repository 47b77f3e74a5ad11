import type { AamiClass } from '../../../common/ecg/aami';

/**
 * MIT annotation codes (WFDB ecgcodes.h): index = code number stored in the .atr file, value = the
 * printable symbol. Empty strings are codes WFDB leaves undefined.
 */
// prettier-ignore
export const MIT_CODE_SYMBOLS: readonly string[] = [
  '', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S', 'E', 'j', '/', 'Q', '~', '',
  '|', '', 's', 'T', '*', 'D', '"', '=', 'p', 'B', '^', 't', '+', 'u', '?', '!',
  '[', ']', 'e', 'n', '@', 'x', 'f', '(', ')', 'r',
];

/**
 * THE MIT-code → AAMI EC57 class table (de Chazal et al. 2004 grouping). Any code not listed here
 * is not a beat (rhythm changes, noise, artefacts, non-conducted P waves, comments...).
 */
// prettier-ignore
export const MIT_TO_AAMI: Readonly<Record<string, AamiClass>> = {
  N: 'N', L: 'N', R: 'N', e: 'N', j: 'N',
  A: 'S', a: 'S', J: 'S', S: 'S',
  V: 'V', E: 'V',
  F: 'F',
  '/': 'Q', f: 'Q', Q: 'Q',
};

/** AAMI class of an MIT symbol, or null when the annotation is not a beat. */
export function getAamiClass(symbol: string): AamiClass | null {
  return Object.hasOwn(MIT_TO_AAMI, symbol) ? MIT_TO_AAMI[symbol]! : null;
}

export function getMitSymbol(code: number): string {
  return MIT_CODE_SYMBOLS[code] ?? '';
}

/** Code number of a symbol; throws on a symbol WFDB does not define. */
export function getMitCode(symbol: string): number {
  const code = symbol === '' ? -1 : MIT_CODE_SYMBOLS.indexOf(symbol);
  if (code < 0) throw new Error(`unknown MIT annotation symbol ${JSON.stringify(symbol)}`);
  return code;
}
