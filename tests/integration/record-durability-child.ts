// Child of record-labels.integrationTest.ts. Opens the review set, prints "ready", waits for "go" on
// stdin, then sets record labels in a loop, printing each only after setRecordLabel has returned (after
// the commit). The parent SIGKILLs it at a random moment.
import { RECORD_CLASSES } from '../../common/schemas/record';
import { openReviewStore } from '../../electron/engine/store/review-store';

const [file] = process.argv.slice(2);
const store = openReviewStore(file!);
const shas = store.db.prepare(`SELECT sha256 FROM images WHERE kind = 'sheet' ORDER BY key`).pluck().all() as string[];
process.stdout.write('ready\n');
process.stdin.once('data', (d: Buffer) => {
  const run = Number(d.toString().trim().split(' ')[1]);
  for (let k = 0; k < 5000; k++) {
    const sha = shas[k % shas.length]!;
    const label = RECORD_CLASSES[(k + run + Math.floor(k / shas.length)) % RECORD_CLASSES.length]!;
    if (store.setRecordLabel({ name: 'alice', role: 'reviewer' }, sha, label).length)
      process.stdout.write(`${sha} ${label}\n`);
  }
  store.close();
  process.exit(0);
});
