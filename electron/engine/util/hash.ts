import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 of a file's bytes, streamed so large scans do not sit in memory twice. */
export async function hashFile(filePath: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
