import { execFile } from 'node:child_process';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import {
  type CorpusContext,
  describeImageOk,
  getAbsolutePath,
  makeEcgImage,
  recordEntry,
  writeEntry,
} from './corpus-context';
import type { Rng } from './prng';

const run = promisify(execFile);

/** Links: a folder pointing at its parent, a link to itself, a link to nothing, a link to a seed. */
export async function addSymlinks(ctx: CorpusContext, firstSeed: string): Promise<void> {
  const dir = '80-links';
  await mkdir(getAbsolutePath(ctx, dir), { recursive: true });
  const links: [name: string, target: string, entry: Parameters<typeof recordEntry>[2]][] = [
    [
      'up',
      '..',
      { kind: 'symlink-loop', expect: 'refused:symlink-loop', detail: 'folder link to its parent (the corpus root)' },
    ],
    ['self', 'self', { kind: 'symlink-loop', expect: 'refused:symlink-loop', detail: 'link to itself (ELOOP)' }],
    [
      'dangling.png',
      'no-such-file.png',
      { kind: 'dangling-symlink', expect: 'refused:unreadable', detail: 'target does not exist' },
    ],
    ['link-to-seed.png', `../${firstSeed}`, { kind: 'symlink-to-image', expect: 'duplicate', duplicateOf: firstSeed }],
  ];
  for (const [name, target, entry] of links) {
    await symlink(target, getAbsolutePath(ctx, `${dir}/${name}`));
    recordEntry(ctx, `${dir}/${name}`, entry);
  }
}

/**
 * Files the scan cannot read as images. chmod 000 does not stop root (these tests run as root in
 * CI containers), so the manifest records what the running user will see; a FIFO and a folder
 * named like an image are unreadable for everyone.
 */
export async function addUnreadable(ctx: CorpusContext, rng: Rng): Promise<string[]> {
  const dir = '85-unreadable';
  const notes: string[] = [];
  const locked = await makeEcgImage(rng, 'png');
  await writeEntry(ctx, `${dir}/mode-000.png`, locked.bytes, {
    kind: 'unreadable-mode',
    ...(ctx.runningAsRoot ? describeImageOk(locked) : { expect: 'refused:unreadable' as const }),
    detail: ctx.runningAsRoot ? 'chmod 000, but the generator runs as root, which reads it anyway' : 'chmod 000',
  });
  await chmod(getAbsolutePath(ctx, `${dir}/mode-000.png`), 0o000);

  const hidden = await makeEcgImage(rng, 'png');
  await writeEntry(ctx, `${dir}/locked-folder/inside.png`, hidden.bytes, {
    kind: 'unreadable-folder',
    ...(ctx.runningAsRoot ? describeImageOk(hidden) : { expect: 'no-event' as const }),
    detail: 'inside a chmod 000 folder',
  });
  recordEntry(ctx, `${dir}/locked-folder`, {
    kind: 'unreadable-folder',
    expect: ctx.runningAsRoot ? 'no-event' : 'refused:unreadable',
    detail: ctx.runningAsRoot ? 'chmod 000 folder, listed anyway by root' : 'chmod 000 folder',
  });
  await chmod(getAbsolutePath(ctx, `${dir}/locked-folder`), 0o000);
  if (ctx.runningAsRoot)
    notes.push(
      'Generated as root: chmod 000 does not stop root from reading, so mode-000.png and locked-folder/ are expected to be read.',
    );

  try {
    await run('mkfifo', [getAbsolutePath(ctx, `${dir}/pipe.png`)]);
    recordEntry(ctx, `${dir}/pipe.png`, {
      kind: 'fifo',
      expect: 'refused:unreadable',
      detail: 'a named pipe: opening it for reading would block forever',
    });
  } catch (err) {
    notes.push(`No FIFO in this corpus: mkfifo failed (${(err as Error).message.split('\n')[0]}).`);
  }

  const inner = await makeEcgImage(rng, 'jpeg');
  await writeEntry(ctx, `${dir}/folder.png/inner.jpg`, inner.bytes, {
    kind: 'folder-named-image',
    ...describeImageOk(inner),
    detail: 'a real image inside a folder named like one',
  });
  recordEntry(ctx, `${dir}/folder.png`, {
    kind: 'folder-named-image',
    expect: 'no-event',
    detail: 'a folder named *.png is walked into, not read',
  });
  return notes;
}
