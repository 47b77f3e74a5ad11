import { describe, expect, it } from 'vitest';
import { listTemplateRows, stackTemplateChannel } from '../run-ensemble';
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

describe('listTemplateRows', () => {
  it('names the beats that have a context template, skipping all-zero rows and one-channel batches', () => {
    const L = 3;
    const template = Float32Array.from([0, 0, 0, 0, 0.5, 0, 0, 0, 0, -1, 0, 0]);
    expect(listTemplateRows(template, 4, L)).toEqual([1, 3]);
    expect(listTemplateRows(null, 4, L)).toEqual([]);
  });
});
