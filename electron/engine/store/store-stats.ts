import { AAMI_CLASSES, LABEL_VALUES } from '../../../common/ecg/aami';
import type { Stats } from '../../../common/schemas/view';
import { computeCohenKappa, computeFleissKappa } from './kappa';
import type { Db } from './open-database';

/**
 * Class counts, model-vs-final confusion and agreement. Kappas use every labeller's current label
 * (adjudicators included), over the values N,S,V,F,Q and 'unsure'.
 */
export function computeStoreStats(db: Db): Stats {
  const classes = [...AAMI_CLASSES];
  const predictedCounts: Record<string, number> = Object.fromEntries(classes.map((c) => [c, 0]));
  const labelCounts: Record<string, number> = Object.fromEntries(LABEL_VALUES.map((c) => [c, 0]));
  const confusion = classes.map(() => classes.map(() => 0));
  for (const r of db
    .prepare(`SELECT pred_class AS c, count(*) AS n FROM beats WHERE pred_class IS NOT NULL GROUP BY pred_class`)
    .all() as {
    c: number;
    n: number;
  }[])
    predictedCounts[classes[r.c]!] = r.n;
  for (const r of db
    .prepare(`SELECT final_label AS l, count(*) AS n FROM beats WHERE final_label IS NOT NULL GROUP BY final_label`)
    .all() as {
    l: string;
    n: number;
  }[])
    labelCounts[r.l] = r.n;
  const pairsSql = `SELECT final_label AS l, pred_class AS c, count(*) AS n FROM beats
    WHERE final_label IS NOT NULL AND final_label <> 'unsure' AND pred_class IS NOT NULL GROUP BY final_label, pred_class`;
  for (const r of db.prepare(pairsSql).all() as { l: string; c: number; n: number }[]) {
    const row = classes.indexOf(r.l as (typeof classes)[number]);
    if (row >= 0) confusion[row]![r.c] = r.n;
  }

  const byBeat = new Map<number, Map<string, string>>();
  const reviewers = new Set<string>();
  for (const r of db.prepare(`SELECT beat_key AS k, reviewer, label FROM current_labels`).iterate() as Iterable<{
    k: number;
    reviewer: string;
    label: string;
  }>) {
    let m = byBeat.get(r.k);
    if (!m) byBeat.set(r.k, (m = new Map()));
    m.set(r.reviewer, r.label);
    reviewers.add(r.reviewer);
  }
  const names = [...reviewers].sort();
  const kappaPairs: Stats['kappaPairs'] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i]!;
      const b = names[j]!;
      const pairs: [string, string][] = [];
      for (const m of byBeat.values()) {
        const la = m.get(a);
        const lb = m.get(b);
        if (la !== undefined && lb !== undefined) pairs.push([la, lb]);
      }
      kappaPairs.push({ a, b, kappa: computeCohenKappa(pairs), n: pairs.length });
    }
  }
  const fleissKappa = computeFleissKappa([...byBeat.values()].map((m) => [...m.values()]));
  return { classes, predictedCounts, labelCounts, confusion, kappaPairs, fleissKappa };
}
