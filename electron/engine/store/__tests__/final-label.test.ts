import { describe, expect, it } from 'vitest';
import {
  type CurrentLabel,
  DISAGREE_MODEL,
  DISAGREE_REVIEWERS,
  computeDisagreement,
  computeFinalLabel,
} from '../final-label';

const r = (
  reviewer: string,
  label: CurrentLabel['label'],
  eventId: number,
  role: CurrentLabel['role'] = 'reviewer',
): CurrentLabel => ({
  reviewer,
  role,
  label,
  eventId,
});

describe('computeFinalLabel', () => {
  it('takes the agreed label of the reviewers', () => {
    expect(computeFinalLabel([r('a', 'V', 1), r('b', 'V', 2)])).toBe('V');
    expect(computeFinalLabel([r('a', 'S', 1)])).toBe('S');
  });

  it('has none when reviewers disagree or nobody labelled', () => {
    expect(computeFinalLabel([r('a', 'V', 1), r('b', 'N', 2)])).toBeNull();
    expect(computeFinalLabel([])).toBeNull();
  });

  it("lets an adjudicator's label win over any reviewer agreement, the latest adjudicator first", () => {
    expect(computeFinalLabel([r('a', 'V', 1), r('b', 'V', 2), r('c', 'F', 3, 'adjudicator')])).toBe('F');
    expect(computeFinalLabel([r('c', 'F', 5, 'adjudicator'), r('d', 'Q', 4, 'adjudicator'), r('a', 'N', 9)])).toBe('F');
  });

  it("keeps 'unsure' when everyone is unsure, and treats it as a different answer otherwise", () => {
    expect(computeFinalLabel([r('a', 'unsure', 1), r('b', 'unsure', 2)])).toBe('unsure');
    expect(computeFinalLabel([r('a', 'unsure', 1), r('b', 'V', 2)])).toBeNull();
  });
});

describe('computeDisagreement', () => {
  it('flags reviewer-vs-reviewer and reviewer-vs-model separately', () => {
    expect(computeDisagreement([r('a', 'V', 1), r('b', 'N', 2)], 'N')).toBe(DISAGREE_REVIEWERS | DISAGREE_MODEL);
    expect(computeDisagreement([r('a', 'V', 1), r('b', 'V', 2)], 'N')).toBe(DISAGREE_MODEL);
    expect(computeDisagreement([r('a', 'N', 1), r('b', 'N', 2)], 'N')).toBe(0);
    expect(computeDisagreement([r('a', 'N', 1)], null)).toBe(0);
  });

  it("does not count 'unsure' against the model, and clears once adjudicated", () => {
    expect(computeDisagreement([r('a', 'unsure', 1)], 'N')).toBe(0);
    expect(computeDisagreement([r('a', 'V', 1), r('b', 'N', 2), r('c', 'S', 3, 'adjudicator')], 'N')).toBe(0);
  });
});
