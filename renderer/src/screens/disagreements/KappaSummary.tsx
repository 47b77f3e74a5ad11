import type { Stats } from '../../../../common/schemas/view';
import { formatKappa } from '../../ecg/format';

/** Agreement between reviewers: Cohen's kappa per pair and Fleiss' kappa over everyone. */
export function KappaSummary({ stats }: { stats: Stats | undefined }) {
  if (!stats) return <p className="muted">Loading agreement figures…</p>;
  return (
    <div className="kappa" data-testid="kappa-summary">
      <span>
        Fleiss’ κ <strong>{formatKappa(stats.fleissKappa)}</strong>
      </span>
      {stats.kappaPairs.length === 0 && (
        <span className="muted">Cohen’s κ needs two reviewers who labelled the same beats.</span>
      )}
      {stats.kappaPairs.map((p) => (
        <span key={`${p.a}|${p.b}`}>
          {p.a} × {p.b}: κ <strong>{formatKappa(p.kappa)}</strong> <span className="muted">(n={p.n})</span>
        </span>
      ))}
    </div>
  );
}
