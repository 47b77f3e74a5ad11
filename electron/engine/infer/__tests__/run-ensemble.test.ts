import { describe, expect, it } from 'vitest';
import { buildEnsembleRows, planReferenceRows, stackTemplateChannel } from '../run-ensemble';
import { buildAugmentedBatch } from '../tta';

describe('stackTemplateChannel', () => {
  it('lays out [variants·n, 2, L]: each augmented window, then its beat’s unshifted template', () => {
    const L = 4;
    const beat = Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13]);
    const template = Float32Array.from([-1, -2, -3, -4, -5, -6, -7, -8]);
    const variants = [
      { shift: 0, scale: 1 },
      { shift: 1, scale: 1 },
    ];
    const out = stackTemplateChannel(buildAugmentedBatch(beat, 2, L, variants), template, 2, L, variants.length);
    expect(Array.from(out)).toEqual([
      ...[0, 1, 2, 3, -1, -2, -3, -4],
      ...[10, 11, 12, 13, -5, -6, -7, -8],
      ...[1, 2, 3, 3, -1, -2, -3, -4],
      ...[11, 12, 13, 13, -5, -6, -7, -8],
    ]);
    // No templates (a batch of crops): channel 1 is all zeros.
    const none = stackTemplateChannel(beat, null, 2, L, 1);
    expect(Array.from(none)).toEqual([0, 1, 2, 3, 0, 0, 0, 0, 10, 11, 12, 13, 0, 0, 0, 0]);
  });
});

describe('planReferenceRows', () => {
  it('gives every beat with a template a reference row, one per run of equal templates; none without', () => {
    const L = 3;
    // Beats 0 and 3 have none; 1 and 2 share one template, 4 has another, 5 repeats 1's after it.
    const template = Float32Array.from([0, 0, 0, 0.5, 1, 0, 0.5, 1, 0, 0, 0, 0, -1, 0, 0, 0.5, 1, 0]);
    const plan = planReferenceRows(template, 6, L);
    expect(plan.sources).toEqual([1, 4, 5]);
    expect(Array.from(plan.refOf)).toEqual([-1, 0, 0, -1, 1, 2]);
    expect(planReferenceRows(null, 6, L).sources).toEqual([]);
  });
});

describe('buildEnsembleRows', () => {
  const dims = {
    windowLength: 3,
    channels: 2,
    rhythmLength: 2,
    classes: 5,
    camSteps: 1,
    embeddingSize: 1,
    temperature: 1,
  };
  // Three beats, each with its own template (a long record): three reference rows follow them.
  const batch = {
    beat: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
    template: Float32Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3]),
    rhythm: Float32Array.from([0.1, 1, 0.2, 1, 0.3, 1]),
    n: 3,
    variants: [{ shift: 0, scale: 1 }],
  };

  it('appends one reference row per distinct template: the template as the beat, no rhythm', () => {
    const rows = buildEnsembleRows(batch, dims);
    expect(rows.rows).toBe(6);
    expect(Array.from(rows.beat.subarray(3 * 6, 4 * 6))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(rows.rhythm.subarray(3 * 2))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('runs the beats alone when no saliency is asked for', () => {
    const rows = buildEnsembleRows({ ...batch, saliency: false }, dims);
    expect(rows.rows).toBe(3);
    expect(rows.beat.length).toBe(3 * 2 * 3);
    expect(Array.from(rows.rhythm)).toEqual(Array.from(batch.rhythm));
  });
});
