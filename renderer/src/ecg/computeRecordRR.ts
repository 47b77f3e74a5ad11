/** RR intervals (ms) of a whole record from its beats' R samples, each ending at its beat. */
export function computeRecordRR(rSamples: readonly number[], fs: number): { rSample: number; rrMs: number }[] {
  const sorted = [...rSamples].sort((a, b) => a - b);
  const out: { rSample: number; rrMs: number }[] = [];
  for (let i = 1; i < sorted.length; i++)
    out.push({ rSample: sorted[i]!, rrMs: ((sorted[i]! - sorted[i - 1]!) / fs) * 1000 });
  return out;
}
