/** The eight bytes every PNG starts with; its chunks follow from byte 8. */
export const ECG_PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export function hasPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && ECG_PNG_SIGNATURE.every((v, i) => bytes[i] === v);
}

/** The four-letter type of the chunk starting at `chunkStart` (its length field; the type follows). */
export function readPngChunkType(bytes: Uint8Array, chunkStart: number): string {
  const t = chunkStart + 4;
  return String.fromCharCode(bytes[t]!, bytes[t + 1]!, bytes[t + 2]!, bytes[t + 3]!);
}
