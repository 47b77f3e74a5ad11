import zlib from 'node:zlib';

/** CRC-32 (IEEE), as PNG chunks and ZIP entries need; node:zlib has it from Node 20.15. */
export function computeCrc32(bytes: Uint8Array): number {
  return zlib.crc32(bytes) >>> 0;
}
