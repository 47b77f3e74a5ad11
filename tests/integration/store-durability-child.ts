// Child of store-durability.integrationTest.ts: writes labels in a loop and prints each one only
// after setLabel has returned (i.e. after the commit). The parent kills it with SIGKILL at random.
import { LABEL_VALUES } from '../../common/ecg/aami';
import type { Reviewer } from '../../common/schemas/review';
import { openReviewStore } from '../../electron/engine/store/review-store';

const [file, startArg, runArg] = process.argv.slice(2);
const store = openReviewStore(file!);
const ids = store.db.prepare(`SELECT id FROM beats ORDER BY key`).pluck().all() as string[];
const reviewers: Reviewer[] = [
  { name: 'alice', role: 'reviewer' },
  { name: 'bob', role: 'reviewer' },
];
const start = Number(startArg);
const run = Number(runArg);
process.stdout.write('ready\n');
for (let k = 0; k < 20_000; k++) {
  const id = ids[(start + k) % ids.length]!;
  const who = reviewers[k % 2]!;
  const label = LABEL_VALUES[(k + run) % LABEL_VALUES.length]!;
  store.setLabel(who, [id], label);
  process.stdout.write(`${id} ${who.name} ${label}\n`);
}
store.close();
