import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** Delete a corpus, first giving back the permissions it took away (a non-root user cannot empty a mode-000 folder). */
export async function removeFuzzCorpus(root: string): Promise<void> {
  async function unlock(dir: string): Promise<void> {
    await chmod(dir, 0o755).catch(() => {});
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const p = path.join(dir, name);
      const st = await lstat(p).catch(() => null);
      if (st?.isDirectory()) await unlock(p);
    }
  }
  await unlock(root);
  await rm(root, { recursive: true, force: true });
}
