import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RefusalCode } from '../../../common/schemas/image';

export type WalkEntry = { path: string } | { path: string; code: RefusalCode; message: string };

/**
 * Every file below `root`, depth first in name order (so runs are reproducible). Symlinks are
 * followed, but a directory already entered (by its real path) is never entered again, so a
 * symlink loop ends with a reported entry instead of recursion without end.
 */
export async function* walkFolder(root: string): AsyncGenerator<WalkEntry> {
  const seen = new Set<string>();
  async function* visit(dir: string): AsyncGenerator<WalkEntry> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (err) {
      yield { path: dir, code: 'unreadable', message: `cannot resolve folder: ${(err as NodeJS.ErrnoException).code}` };
      return;
    }
    if (seen.has(real)) {
      yield { path: dir, code: 'symlink-loop', message: `symlink loop: ${dir} leads back to ${real}, already scanned` };
      return;
    }
    seen.add(real);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (err) {
      yield { path: dir, code: 'unreadable', message: `cannot list folder: ${(err as NodeJS.ErrnoException).code}` };
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      let st;
      try {
        st = await lstat(p);
        if (st.isSymbolicLink()) st = await stat(p);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        yield code === 'ELOOP'
          ? { path: p, code: 'symlink-loop', message: 'symlink loop: the link points back to itself' }
          : { path: p, code: 'unreadable', message: `cannot read: ${code ?? (err as Error).message}` };
        continue;
      }
      if (st.isDirectory()) yield* visit(p);
      else if (st.isFile()) yield { path: p };
      // FIFOs, sockets and devices end in a recorded state too; reading a FIFO would block forever.
      else yield { path: p, code: 'unreadable', message: 'not a regular file (a pipe, socket or device)' };
    }
  }
  const st = await stat(root).catch(() => null);
  if (!st) throw Object.assign(new Error(`folder not found: ${root}`), { code: 'E_NOT_FOUND' });
  if (!st.isDirectory()) {
    yield { path: root };
    return;
  }
  yield* visit(root);
}
