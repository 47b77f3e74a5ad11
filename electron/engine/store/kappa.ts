/**
 * Cohen's kappa of two raters over the items both rated: (po − pe) / (1 − pe). Null when they share no
 * item or when chance agreement is total (pe = 1: both used one and the same category throughout).
 */
export function computeCohenKappa(pairs: readonly (readonly [string, string])[]): number | null {
  const n = pairs.length;
  if (!n) return null;
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    ca.set(a, (ca.get(a) ?? 0) + 1);
    cb.set(b, (cb.get(b) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [k, v] of ca) pe += (v / n) * ((cb.get(k) ?? 0) / n);
  if (1 - pe < 1e-12) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Fleiss' kappa over items with any number (≥ 2) of ratings each, the generalisation with per-item
 * rater counts n_i: P_i = (Σ_j n_ij² − n_i) / (n_i (n_i − 1)), P̄ = mean P_i,
 * p_j = Σ_i n_ij / Σ_i n_i, Pe = Σ_j p_j². Items with fewer than two ratings are skipped. Null when no
 * item qualifies or Pe = 1.
 */
export function computeFleissKappa(items: readonly (readonly string[])[]): number | null {
  let sumP = 0;
  let nItems = 0;
  let totalRatings = 0;
  const perCategory = new Map<string, number>();
  for (const ratings of items) {
    const ni = ratings.length;
    if (ni < 2) continue;
    const counts = new Map<string, number>();
    for (const r of ratings) counts.set(r, (counts.get(r) ?? 0) + 1);
    let sq = 0;
    for (const [k, c] of counts) {
      sq += c * c;
      perCategory.set(k, (perCategory.get(k) ?? 0) + c);
    }
    sumP += (sq - ni) / (ni * (ni - 1));
    nItems++;
    totalRatings += ni;
  }
  if (!nItems) return null;
  const pBar = sumP / nItems;
  let pe = 0;
  for (const c of perCategory.values()) pe += (c / totalRatings) ** 2;
  if (1 - pe < 1e-12) return null;
  return (pBar - pe) / (1 - pe);
}
