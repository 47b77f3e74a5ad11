import { describe, expect, it } from 'vitest';
import { buildOcclusionRows, listOcclusionGroups } from '../record-saliency';
import { ECG_SHEET_LEADS } from '../place-sheet-leads';
import { ECG_SHEET_FEATURES } from '../sheet-feature-spec';

describe('occlusion groups of the record model', () => {
  const groups = listOcclusionGroups();
  const whole = groups.filter((g) => g.segment === null);

  it('give every feature exactly one owner, and split each owner by wave without overlap', () => {
    const seen = whole.flatMap((g) => g.features).sort((a, b) => a - b);
    expect(seen).toEqual(ECG_SHEET_FEATURES.map((_, i) => i));
    for (const g of whole) {
      const parts = groups.filter((p) => p.owner === g.owner && p.segment !== null).flatMap((p) => p.features);
      expect(parts.sort((a, b) => a - b)).toEqual(g.features);
    }
    // One owner per standard lead, the rhythm strip, and the features read across leads.
    expect(whole.map((g) => g.owner).sort()).toEqual([...ECG_SHEET_LEADS, 'rhythm', 'shared'].sort());
  });

  it('builds the full row first, then one row per group with just that group hidden', () => {
    const values = Float64Array.from(ECG_SHEET_FEATURES, (_, i) => i + 0.5);
    const n = values.length;
    const rows = buildOcclusionRows(values, groups);
    expect(rows.length).toBe(n * (groups.length + 1));
    expect(Array.from(rows.subarray(0, n))).toEqual(Array.from(values));
    groups.forEach((g, k) => {
      const row = rows.subarray((k + 1) * n, (k + 2) * n);
      const hidden = new Set(g.features);
      row.forEach((v, i) => (hidden.has(i) ? expect(v).toBeNaN() : expect(v).toBe(values[i])));
    });
  });
});
