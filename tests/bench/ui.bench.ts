import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { AAMI_CLASSES } from '../../common/ecg/aami';
import { formatBeatId, type Beat } from '../../common/schemas/beat';
import { formatModelId } from '../../common/schemas/prediction';
import type { PredictionInput } from '../../common/services/review-store';
import { openReviewStore } from '../../electron/engine/store/review-store';
import { startTestHost } from '../support/start-host';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ECG_BENCH_BEATS = 100_000;
const BEATS_PER_RECORD = 500;
const FS = 125;
const RR_S = 0.8;
const SCROLL_MS = 6000;

/** A plausible beat shape (P, QRS, T) whose width and polarity vary with the class, in mV. */
function getBeatShape(cls: number, t: number): number {
  const g = (mu: number, s: number, a: number) => a * Math.exp(-((t - mu) ** 2) / (2 * s * s));
  if (cls === 2) return g(0, 0.045, 1.5) + g(0.1, 0.05, -0.8) + g(0.32, 0.07, -0.3);
  return (
    g(-0.17, 0.025, 0.12) +
    g(-0.02, 0.01, -0.1) +
    g(0, 0.012, 1 + 0.1 * cls) +
    g(0.03, 0.01, -0.2) +
    g(0.28, 0.05, 0.25)
  );
}

/**
 * A real review set (SQLite, the store's own writers) of 100,000 beats with predictions, so the
 * grid pages through the real listBeats. Beats are synthetic: no batch could produce 100,000 beats
 * within a benchmark's few minutes.
 */
function seedReviewSet(file: string) {
  const store = openReviewStore(file, { create: true });
  const ref = { name: 'bench-model', version: '1', sha256: 'b'.repeat(64) };
  const modelId = formatModelId(ref);
  const records = ECG_BENCH_BEATS / BEATS_PER_RECORD;
  let seed = 12345;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let r = 0; r < records; r++) {
    const sha = createHash('sha256').update(`bench-record-${r}`).digest('hex');
    store.upsertImage({
      sha256: sha,
      path: `/bench/strip-${r}.png`,
      format: 'png',
      width: 2000,
      height: 400,
      bytes: 1,
      status: 'ok',
      reasons: [],
      kind: 'strip',
    });
    const n = Math.ceil((BEATS_PER_RECORD + 1) * RR_S * FS);
    const samples = new Float32Array(n);
    const classes: number[] = [];
    const rs: number[] = [];
    for (let b = 0; b < BEATS_PER_RECORD; b++) {
      const cls = rnd() < 0.8 ? 0 : Math.floor(rnd() * 5);
      const rS = Math.round((b + 0.6) * RR_S * FS);
      classes.push(cls);
      rs.push(rS);
      for (let k = Math.max(0, rS - 50); k < Math.min(n, rS + 60); k++) samples[k]! += getBeatShape(cls, (k - rS) / FS);
    }
    for (let k = 0; k < n; k++) samples[k]! += (rnd() - 0.5) * 0.03;
    store.insertLead({ imageSha256: sha, name: 'II', fs: FS, samples, pixelMap: null, quality: null });
    const beats: Beat[] = rs.map((rS) => ({
      id: formatBeatId(sha, 'II', rS),
      imageSha256: sha,
      lead: 'II',
      rSample: rS,
      fs: FS,
      windowStart: rS - 45,
      windowEnd: rS + 45,
      rhythm: null,
    }));
    store.insertBeats(beats);
    const preds: PredictionInput[] = beats.map((b, i) => {
      const raw = AAMI_CLASSES.map((_, c) => (c === classes[i] ? 2 + rnd() * 3 : rnd()));
      const sum = raw.reduce((a, x) => a + x, 0);
      const probs = raw.map((x) => x / sum);
      const entropy = -probs.reduce((a, p) => a + p * Math.log(p), 0);
      return {
        beatId: b.id,
        modelId,
        probs,
        foldProbs: [probs],
        predicted: AAMI_CLASSES[classes[i]!]!,
        entropy,
        mutualInfo: 0,
        abstain: false,
        rhythmUsed: false,
        saliency: [],
      };
    });
    store.insertPredictions({ ref, manifest: null }, preds);
  }
  store.close();
}

/** Scroll the grid a fixed distance every frame, recording frame times and cells still loading. */
const SCROLL_SCRIPT = `async (durationMs) => {
      const el = document.querySelector('[role="grid"]');
      const frames = [];
      const missing = [];
      const pxPerFrame = 120; // about 1.2 rows a frame: a fast, steady wheel
      return new Promise((resolve) => {
        const start = performance.now();
        let last = start;
        const tick = (now) => {
          frames.push(now - last);
          last = now;
          el.scrollTop += pxPerFrame;
          const cells = el.querySelectorAll('[role="gridcell"]');
          let waiting = 0;
          cells.forEach((c) => {
            if (!c.hasAttribute('data-beat-id')) waiting++;
          });
          missing.push(cells.length ? waiting / cells.length : 0);
          if (now - start < durationMs) requestAnimationFrame(tick);
          else resolve({ frames: frames.slice(1), missing, scrolled: el.scrollTop });
        };
        requestAnimationFrame(tick);
      });
    }`;

/** Jump to the middle of the set and wait until every visible cell has its beat. */
const JUMP_SCRIPT = `async () => {
      const el = document.querySelector('[role="grid"]');
      const t = performance.now();
      el.scrollTop = el.scrollHeight / 2;
      await new Promise((resolve) => {
        const check = () => {
          const cells = [...el.querySelectorAll('[role="gridcell"]')];
          // The new rows (not the old ones before React re-renders) and every one with its beat.
          const there = cells.length && Number(cells[0].dataset.index) > Number(el.dataset.total) * 0.4;
          if (there && cells.every((c) => c.hasAttribute('data-beat-id'))) resolve();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      return performance.now() - t;
    }`;

function summarise(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { median: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), max: +(s[s.length - 1] ?? 0).toFixed(2) };
}

/**
 * Reviewer UI at 100,000 beats in Chromium: time from "Continue reviewing" to the first drawn
 * thumbnails, frames per second while the grid is scrolled programmatically (requestAnimationFrame
 * counting), how many visible cells were still waiting for their page, and a jump to the middle.
 */
export async function run(): Promise<object> {
  if (process.env.ECG_BENCH_SKIP_BUILD !== '1')
    await build({ configFile: path.join(ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  const work = await mkdtemp(path.join(os.tmpdir(), 'ecg-ui-bench-'));
  const file = path.join(work, 'bench.ecgreview');
  const t0 = performance.now();
  seedReviewSet(file);
  const seedSeconds = (performance.now() - t0) / 1000;
  const host = await startTestHost({ model: null });
  const browser = await chromium.launch({
    executablePath: process.env.ECG_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    await host.call('setReviewer', { name: 'Bench', role: 'reviewer' });
    const opened = await host.call('openReviewSet', { path: file });
    if (!opened.body.ok) throw new Error(`openReviewSet: ${opened.body.error?.message}`);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    const go = page.getByRole('button', { name: 'Continue reviewing' });
    await go.waitFor();
    const tClick = performance.now();
    await go.click();
    await page.locator('[role="gridcell"][data-beat-id]').first().waitFor();
    const firstThumbnailsMs = performance.now() - tClick;
    const total = Number(await page.getByRole('grid', { name: 'Beats' }).getAttribute('data-total'));

    // Plain JavaScript text: tsx would wrap a TypeScript function with helpers the page does not have.
    const scroll = (await page.evaluate(`(${SCROLL_SCRIPT})(${SCROLL_MS})`)) as {
      frames: number[];
      missing: number[];
      scrolled: number;
    };

    const jump = (await page.evaluate(`(${JUMP_SCRIPT})()`)) as number;

    const seconds = scroll.frames.reduce((a, b) => a + b, 0) / 1000;
    return {
      beats: total,
      seedSeconds: +seedSeconds.toFixed(1),
      firstThumbnailsMs: Math.round(firstThumbnailsMs),
      scroll: {
        seconds: +seconds.toFixed(2),
        frames: scroll.frames.length,
        fps: +(scroll.frames.length / seconds).toFixed(1),
        frameMs: summarise(scroll.frames),
        rowsScrolled: Math.round(scroll.scrolled / 98),
        shareOfCellsWaitingForData: +(
          scroll.missing.reduce((a, b) => a + b, 0) / Math.max(1, scroll.missing.length)
        ).toFixed(3),
      },
      jumpToMiddleMs: Math.round(jump),
    };
  } finally {
    await browser.close();
    await host.close();
    await rm(work, { recursive: true, force: true });
  }
}
