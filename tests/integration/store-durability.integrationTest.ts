import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatabaseIntegrity } from '../../electron/engine/store/open-database';
import { openReviewStore } from '../../electron/engine/store/review-store';
import { createRng, fillSyntheticReviewSet } from './store-fixture';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHILD = path.join(import.meta.dirname, 'store-durability-child.ts');
const KILLS = 50;
/** Children started ahead of time so tsx start-up overlaps the previous child's writes. */
const POOL = 3;

interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  ready: Promise<void>;
  exited: Promise<void>;
  onLine: ((line: string) => void) | null;
}

function startChild(file: string): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const child: Child = { proc, lines: [], ready: Promise.resolve(), exited: Promise.resolve(), onLine: null };
  let buf = '';
  let stderr = '';
  child.ready = new Promise((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') resolve();
        else {
          child.lines.push(line); // a partial last line (cut by the kill) never reaches here
          child.onLine?.(line);
        }
      }
    });
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited early (${code}): ${stderr}`));
    });
  });
  child.exited = new Promise((resolve) => proc.on('exit', () => resolve()));
  return child;
}

describe('review store durability under SIGKILL', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecg-durability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged label across ${KILLS} kills, with an intact database`, async () => {
    const file = path.join(dir, 'set.ecgreview');
    const setup = openReviewStore(file, { create: true });
    fillSyntheticReviewSet(setup, { images: 1, leadsPerImage: 1, beatsPerLead: 3000 });
    setup.close();

    const rnd = createRng(2024);
    const pool: Child[] = [];
    const everAcked: string[][] = [];
    let killedMidWrite = 0;
    try {
      for (let run = 0; run < KILLS; run++) {
        while (pool.length < POOL) pool.push(startChild(file));
        const child = pool.shift()!;
        await child.ready;
        const delayMs = Math.floor(rnd() * 40);
        await new Promise<void>((resolve) => {
          child.onLine = () => {
            child.onLine = null;
            setTimeout(() => {
              child.proc.kill('SIGKILL');
              resolve();
            }, delayMs);
          };
          child.proc.stdin.write(`go ${Math.floor(rnd() * 3000)} ${run}\n`);
        });
        await child.exited;
        const acked = child.lines.map((l) => l.split(' '));
        expect(acked.length).toBeGreaterThan(0);
        if (acked.length < 2000) killedMidWrite++;
        everAcked.push(...acked);

        // Restart: open as the app would (WAL recovery), check every acknowledged label and integrity.
        const store = openReviewStore(file);
        try {
          const current = store.db
            .prepare(
              `SELECT c.label FROM current_labels c JOIN beats b ON b.key = c.beat_key WHERE b.id = ? AND c.reviewer = ?`,
            )
            .pluck();
          const missing = acked.filter(([id, who, label]) => current.get(id, who) !== label);
          expect(missing, `run ${run}: acknowledged labels lost`).toEqual([]);
          expect(checkDatabaseIntegrity(store.db)).toEqual([]);
        } finally {
          store.close();
        }
      }
    } finally {
      for (const c of pool) c.proc.kill('SIGKILL');
      await Promise.all(pool.map((c) => c.exited));
    }
    expect(killedMidWrite).toBe(KILLS);

    // Every acknowledgement ever made is in the append-only log.
    const store = openReviewStore(file);
    const logged = store.db
      .prepare(`SELECT 1 FROM label_events WHERE beat_id = ? AND reviewer = ? AND to_label = ?`)
      .pluck();
    expect(everAcked.filter(([id, who, label]) => !logged.get(id, who, label))).toEqual([]);
    expect(checkDatabaseIntegrity(store.db)).toEqual([]);
    store.close();
  });
});
