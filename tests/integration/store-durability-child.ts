// Child of store-durability.integrationTest.ts. Opens the review set, prints "ready", waits for "go"
// on stdin, then writes labels in a loop, printing each one only after setLabel has returned (after
// the commit). The parent SIGKILLs it at a random moment.
import { LABEL_VALUES } from '../../common/ecg/aami';
import type { Reviewer } from '../../common/schemas/review';
import { openReviewStore } from '../../electron/engine/store/review-store';

const [file] = process.argv.slice(2);
const store = openReviewStore(file!);
const ids = store.db.prepare(`SELECT id FROM beats ORDER BY key`).pluck().all() as string[];
const reviewers: Reviewer[] = [
  { name: 'alice', role: 'reviewer' },
  { name: 'bob', role: 'reviewer' },
];
process.stdout.write('ready\n');
process.stdin.once('data', (d: Buffer) => {
  const [, startArg, runArg] = d.toString().trim().split(' ');
  const start = Number(startArg);
  const run = Number(runArg);
  for (let k = 0; k < 2000; k++) {
    const id = ids[(start + k) % ids.length]!;
    const who = reviewers[k % 2]!;
    const label = LABEL_VALUES[(k + run) % LABEL_VALUES.length]!;
    store.setLabel(who, [id], label);
    process.stdout.write(`${id} ${who.name} ${label}\n`);
  }
  store.close();
  process.exit(0);
});
